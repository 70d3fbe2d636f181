/**
 * Upstream faults: what may pass is retried (with backoff, honouring Retry-After, never past the
 * timeout), what cannot is reported with the API's own message, and no item is ever lost.
 */
import { everyText, failure, photoItem, recordFigures, run, useServer } from './setup';

const { server } = useServer();
let faultsInjected = 0;
let itemsLost = 0;
let keyLeaks = 0;

/** Everything a user can read afterwards must be free of the key. */
function checkNoKey(value: unknown) {
	if (everyText(value).includes(server().apiKey)) keyLeaks++;
	expect(everyText(value)).not.toContain(server().apiKey);
}

async function editOne(parameters: Record<string, unknown> = {}) {
	const result = await run(server(), { items: [await photoItem(48, 48)], parameters });
	checkNoKey(result.items);
	return result;
}

async function failOne(parameters: Record<string, unknown> = {}) {
	const error = await failure(run(server(), { items: [await photoItem(48, 48)], parameters }));
	checkNoKey(error);
	return error;
}

describe('retried: passing faults', () => {
	it.each([429, 500, 502, 503, 504, 524])('%d then success: one item, attempts 2', async (status) => {
		server().script([{ status }]);
		faultsInjected++;
		const result = await editOne();
		expect(result.items.map((i) => [i.json.attempts, !!i.binary])).toEqual([[2, true]]);
		expect(server().editRequests.map((r: { status: number }) => r.status)).toEqual([status, 200]);
	});

	it('honours Retry-After in seconds', async () => {
		server().script([{ status: 429, retryAfter: '2' }]);
		faultsInjected++;
		await editOne();
		const [first, second] = server().editRequests;
		expect(second.time - first.time).toBeGreaterThanOrEqual(1900);
	});

	it('honours Retry-After as an HTTP date', async () => {
		server().script([{ status: 503, retryAfter: new Date(Date.now() + 2000).toUTCString() }]);
		faultsInjected++;
		await editOne();
		const [first, second] = server().editRequests;
		expect(second.time - first.time).toBeGreaterThanOrEqual(900);
	});

	it('backs off exponentially without Retry-After', async () => {
		server().script([{ status: 503 }, { status: 503 }]);
		faultsInjected += 2;
		const result = await editOne();
		expect(result.items[0].json.attempts).toBe(3);
		const [a, b, c] = server().editRequests.map((r: { time: number }) => r.time);
		// Waits of 0.5-1 s, then 1-2 s (jitter).
		expect(b - a).toBeGreaterThanOrEqual(450);
		expect(c - b).toBeGreaterThanOrEqual(950);
	});

	it('a dropped connection is retried like a 503', async () => {
		server().script([{ drop: true }]);
		faultsInjected++;
		const result = await editOne();
		expect(result.items[0].json.attempts).toBe(2);
	});

	it('gives up after Max Retries, saying how many attempts it made', async () => {
		server().script([{ status: 503 }, { status: 503 }, { status: 503 }]);
		faultsInjected += 3;
		const error = await failOne({ options: { maxRetries: 2 } });
		expect(error.message).toBe('scripted 503 (HTTP 503, after 3 attempts) [item 0]');
		expect(error.description).toMatch(/passing reason/);
		expect(server().editRequests).toHaveLength(3);
	});

	it('never waits past the timeout: a Retry-After longer than the time left ends the item', async () => {
		server().script([{ status: 429, retryAfter: '30' }]);
		faultsInjected++;
		const started = Date.now();
		const error = await failOne({ options: { timeout: 3 } });
		// It gives up at once rather than waiting out the 30 s it was asked to wait.
		expect(Date.now() - started).toBeLessThan(10000);
		expect(error.message).toMatch(/\(HTTP 429\) \[item 0\]$/);
		expect(server().editRequests).toHaveLength(1);
	});

	it("a retry late in the Timeout: the wait before it is shortened to leave the time the run's edits take, and the item is edited", async () => {
		// 0.2 s edits, a 3.8 s Timeout, and item 0 meets three 429s in a row. Its third wait (2 to 4 s)
		// would leave the fourth attempt no time; such a wait used to be begun only to run out, or not at all.
		server().configure({ latencyMs: 200 });
		server().script([1, 2, 3].map(() => ({ when: { prompt: 'item 0' }, status: 429 })));
		faultsInjected += 3;
		const item = await photoItem(48, 48);
		const result = await run(server(), { items: [item, item, item], parameters: { prompt: (i: number) => `item ${i}`, options: { timeout: 3.8 } } });
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? i.json.attempts])).toEqual([
			[{ item: 0 }, 4],
			[{ item: 1 }, 1],
			[{ item: 2 }, 1],
		]);
		const tries = (server().editRequests as Array<{ status: number; time: number; fields?: { prompt?: string } }>).filter((r) => r.fields?.prompt === 'item 0');
		expect(tries.map((r) => r.status)).toEqual([429, 429, 429, 200]);
		// All within the item's Timeout.
		expect(tries[3].time - tries[0].time).toBeLessThan(3800);
	});

	it('a request that outlasts the timeout fails as a timeout', async () => {
		server().configure({ latencyMs: 3000 });
		faultsInjected++;
		const error = await failOne({ options: { timeout: 1, maxRetries: 0 } });
		expect(error.message).toBe('The Ideogram edit did not complete: the Timeout ran out before the API answered [item 0]');
	});
});

describe('what was billed is never sent again', () => {
	it('a 200 whose body breaks off is not sent again: the item fails, saying it was made and billed', async () => {
		server().script([{ cut: true }]);
		faultsInjected++;
		const error = await failOne();
		expect(error.message).toBe('The edit was made and billed, but its answer was lost: the connection ended while it was read (HTTP 200) [item 0]');
		expect(error.description).toMatch(/^The API answered 200 \(request id req-\d+\), so the edit is billed\. It was not sent again/);
		expect(server().editRequests.map((r: { status: number; cut?: boolean }) => [r.status, r.cut])).toEqual([[200, true]]);
	});

	it('the same with Retry When Outcome Unknown off: billed, not "may have been billed"', async () => {
		server().script([{ cut: true }]);
		faultsInjected++;
		const error = await failOne({ options: { retryUnknownOutcome: false } });
		expect(error.message).toMatch(/^The edit was made and billed, but its answer was lost/);
		expect(error.description).not.toMatch(/may have been/);
		expect(server().editRequests).toHaveLength(1);
	});

	it('a 500 whose body breaks off counts as a 500: retried, and the item arrives', async () => {
		server().script([{ status: 500, cut: true }]);
		faultsInjected++;
		const result = await editOne({ options: { retryUnknownOutcome: false } });
		expect(result.items[0].json.attempts).toBe(2);
		expect(server().editRequests.map((r: { status: number }) => r.status)).toEqual([500, 200]);
	});

	it('a 400 whose body breaks off fails at once with its status', async () => {
		server().script([{ status: 400, cut: true }]);
		faultsInjected++;
		const error = await failOne();
		expect(error.message).toBe("the API's answer broke off: the connection ended while it was read (HTTP 400) [item 0]");
		expect(server().editRequests).toHaveLength(1);
	});

	it('a connection dropped before the upload is done is retried like any drop', async () => {
		server().script([{ dropBeforeUpload: true }]);
		faultsInjected++;
		const result = await editOne();
		expect(result.items[0].json.attempts).toBe(2);
		expect(server().editRequests.map((r: { status: number | string }) => r.status)).toEqual(['dropped before upload', 200]);
	});
});

describe('Retry-After as HTTP defines it', () => {
	it.each(['0', 'Thu, 01 Jan 2015 00:00:00 GMT'])('Retry-After %j does not shorten the backoff', async (retryAfter) => {
		server().script([{ status: 429, retryAfter }, { status: 429, retryAfter }, { status: 429, retryAfter }]);
		faultsInjected += 3;
		await editOne();
		const [a, b, c, d] = server().editRequests.map((r: { time: number }) => r.time);
		// Waits of 0.5-1 s, 1-2 s, then 2-4 s, as without it.
		expect(b - a).toBeGreaterThanOrEqual(450);
		expect(c - b).toBeGreaterThanOrEqual(950);
		expect(d - c).toBeGreaterThanOrEqual(1900);
	});

	it('a Retry-After that is neither seconds nor an HTTP date is ignored', async () => {
		server().script([{ status: 503, retryAfter: 'soon 2099' }]);
		faultsInjected++;
		await editOne();
		const [a, b] = server().editRequests.map((r: { time: number }) => r.time);
		// The backoff (0.5-1 s), not a wait until a year read out of "soon 2099".
		expect(b - a).toBeGreaterThanOrEqual(450);
		expect(b - a).toBeLessThan(1500);
	});
});

describe('not retried: requests that would fail again', () => {
	it.each([400, 401, 402, 403, 413, 422])('%d is sent once', async (status) => {
		server().script([{ status, body: { error: { message: `refused with ${status}`, type: 'x' } } }]);
		faultsInjected++;
		const error = await failOne();
		expect(error.message).toBe(`refused with ${status} (HTTP ${status}) [item 0]`);
		expect(server().editRequests).toHaveLength(1);
	});

	it('an HTML page instead of JSON is not retried, and says to check the base URL', async () => {
		server().script([{ html: true, status: 200 }]);
		faultsInjected++;
		const error = await failOne();
		expect(error.message).toBe('the API answered with an HTML page, not JSON (HTTP 200) [item 0]');
		expect(error.description).toMatch(/Base URL of the credential or the Endpoint Path/);
		expect(server().editRequests).toHaveLength(1);
	});

	it('a wrong base URL path gets the HTML 404 page and the advice', async () => {
		const error = await failure(run(server(), { items: [await photoItem(48, 48)], credentials: { apiKey: server().apiKey, baseUrl: `${server().url}/v2` } }));
		expect(error.message).toMatch(/HTML page, not JSON \(HTTP 404\)/);
		expect(error.description).toMatch(/check the Base URL/i);
		// Both names were probed (404), and the edit went to the last: sent once, to learn the API's answer.
		expect(server().requests.map((r: { path: string; probe?: boolean; status: number }) => [r.path, r.probe === true, r.status])).toEqual([
			['/v2/edit', true, 404],
			['/v2/ideogram/edit', true, 404],
			['/v2/ideogram/edit', false, 404],
		]);
	});
});

describe('the endpoint path', () => {
	it('finds /ideogram/edit with a probe when /edit answers 404, before the upload, and remembers it for that base URL', async () => {
		// A server of its own: the route is not known for it from the tests before.
		const gateway = await (require('../server/cometServer').startCometServer({ editPaths: ['/ideogram/edit'] }));
		const editOn = async () => await run(gateway, { items: [await photoItem(48, 48)], credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url } });
		try {
			const first = await editOn();
			expect(first.items[0].json.attempts).toBe(1);
			// The probes are forms without a part: refused unbilled with a 400 where the route is served.
			expect(gateway.requests.map((r: { path: string; probe?: boolean; status: number }) => [r.path, r.probe === true, r.status])).toEqual([
				['/edit', true, 404],
				['/ideogram/edit', true, 400],
				['/ideogram/edit', false, 200],
			]);
			const second = await editOn();
			expect(second.items[0].json.attempts).toBe(1);
			expect(gateway.requests.map((r: { path: string }) => r.path).slice(3)).toEqual(['/ideogram/edit']);
		} finally {
			await gateway.close();
		}
	});

	it('a probe that gets no clear answer changes nothing: the first upload finds the route, as without a probe', async () => {
		// A server of its own: the route is not known for it from the test before.
		const gateway = await (require('../server/cometServer').startCometServer({ editPaths: ['/ideogram/edit'], probeAnswer: 503 }));
		try {
			const first = await run(gateway, { items: [await photoItem(48, 48)], credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url } });
			expect(first.items[0].json.attempts).toBe(2);
			expect(gateway.requests.map((r: { path: string; probe?: boolean; status: number }) => [r.path, r.probe === true, r.status])).toEqual([
				['/edit', true, 503],
				['/edit', false, 404],
				['/ideogram/edit', false, 200],
			]);
		} finally {
			await gateway.close();
		}
	});

	it('uses an Endpoint Path that is set, and does not fall back from it', async () => {
		const other = await (require('../server/cometServer').startCometServer({ editPaths: ['/edit'] }));
		try {
			const error = await failure(
				run(server(), {
					items: [await photoItem(48, 48)],
					parameters: { options: { endpointPath: '/v1/ideogram/edit' } },
					credentials: { apiKey: other.apiKey, baseUrl: other.url },
				}),
			);
			expect(error.httpCode).toBe('404');
			expect(other.requests.map((r: { path: string }) => r.path)).toEqual(['/v1/ideogram/edit']);
		} finally {
			await other.close();
		}
	});
});

describe('downloads of the edited images', () => {
	it('an expired link: the item is kept with its URL and a download_error', async () => {
		server().configure({ expireImages: true });
		faultsInjected++;
		const result = await editOne();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			url: expect.stringContaining('/images/'),
			is_image_safe: true,
			download_error: 'HTTP 404: the image link has expired or does not exist',
		});
		expect(result.items[0].binary).toBeUndefined();
		// An expired link stays expired: it is not asked for twice.
		expect(server().downloads).toHaveLength(1);
	});

	it('a dropped download is tried again and then succeeds', async () => {
		server().configure({ downloadFailures: 1 });
		faultsInjected++;
		const result = await editOne();
		expect(result.items[0].binary?.data?.mimeType).toBe('image/png');
		expect(result.items[0].json.download_error).toBeUndefined();
		expect(result.items[0].json.download_attempts).toBe(2);
	});

	it('a download over 50 MB is cut off at the cap and reported', async () => {
		server().configure({ downloadBytes: 200 * 1024 * 1024 });
		faultsInjected++;
		const result = await editOne();
		// Too large stays too large: not downloaded twice.
		expect(result.items[0].json).toMatchObject({ download_error: 'the image is larger than 50 MB', download_attempts: 1 });
		expect(result.items[0].binary).toBeUndefined();
	});

	it('a download that is not an image is reported, not attached', async () => {
		server().configure({ downloadNotImage: true });
		faultsInjected++;
		const result = await editOne();
		expect(result.items[0].json.download_error).toBe('the download is not a JPEG, PNG or WEBP image: it is an HTML page');
	});
});

describe('many items against the upstream in-flight limit', () => {
	it('a bound set too high meets 429s, slows down, and loses no item', async () => {
		server().configure({ inflightCap: 3, latencyMs: 300 });
		const items = await Promise.all(Array.from({ length: 12 }, () => photoItem(32, 32)));
		const result = await run(server(), { items, parameters: { options: { maxImagesInFlight: 12 } } });
		const throttled = server().editRequests.filter((r: { status: number }) => r.status === 429).length;
		faultsInjected += throttled;
		itemsLost += 12 - result.items.length;
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(server().maxInFlight).toBeLessThanOrEqual(3);
		checkNoKey(result.items);
	});

	it('Continue On Fail keeps every item: failures become error items in their place', async () => {
		server().script([{}, { status: 401 }, {}, { status: 422, body: { error: 'unsafe prompt' } }]);
		faultsInjected += 2;
		const items = await Promise.all(Array.from({ length: 4 }, () => photoItem(32, 32)));
		const result = await run(server(), { items, continueOnFail: true, parameters: { options: { maxImagesInFlight: 1 } } });
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? 'ok'])).toEqual([
			[{ item: 0 }, 'ok'],
			[{ item: 1 }, 'scripted 401 (HTTP 401) [item 1]'],
			[{ item: 2 }, 'ok'],
			[{ item: 3 }, 'unsafe prompt (HTTP 422) [item 3]'],
		]);
		checkNoKey(result.items);
	});
});

describe('the API key', () => {
	it('appears in no error even when the API echoes it back', async () => {
		server().script([{ status: 400, body: { error: { message: `bad request for key ${server().apiKey}` } } }]);
		const error = await failOne();
		expect(error.message).toBe('bad request for key [redacted] (HTTP 400) [item 0]');
	});
});

afterAll(() => recordFigures('faults', { faultsInjected, itemsLost, keyLeaks }));
