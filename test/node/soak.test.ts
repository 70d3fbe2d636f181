/**
 * The fault soak: a batch against our server with about 10% of edits and downloads hit by a random
 * fault of every kind it can inject, in an organization that admits fewer images than the bound,
 * behind a gateway that moved its routes. Seeded per request, so a failure can be replayed:
 * `SOAK_SEED=<seed> SOAK_ITEMS=<n> npx jest --selectProjects node test/node/soak`. The full size
 * runs from `node test/reliability-figures.js --soak`.
 */
import { makeImage } from '../fixtures/images';
import type { InputItem } from '../harness/executeNode';
import { recordFigures, run, useServer } from './setup';

const ITEMS = Number(process.env.SOAK_ITEMS ?? 300);
const SEED = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 1e9));
const MAX_RETRIES = 3;
const BOUND = 10;

const { server } = useServer();

type EditRecord = { file: string; path: string; status: number | string; cut?: boolean; chaos?: string };

jest.setTimeout(15 * 60 * 1000);

it(`${ITEMS} items through random faults (seed ${SEED}): each ends once, in its place, nothing billed is sent again`, async () => {
	server().configure({
		chaos: { seed: SEED, rate: 0.1 },
		// A shared organization: 5 images at once, while the node's bound is 10.
		inflightCap: 5,
		latencyMs: 100,
		decodeUploads: false,
		paintResults: false,
		// A gateway that moved both routes: the defaults answer 404.
		editPaths: ['/ideogram/edit'],
		v3Paths: ['/ideogram/v1/ideogram-v3/inpaint'],
	});
	const photo = await makeImage(32, 32, 'jpeg');
	const name = (i: number) => `soak-${i}.jpg`;
	// Every fourth photo comes from a URL (its download meets faults too), the others from a binary field.
	const fromUrl = (i: number) => i % 4 === 1;
	const urls = Array.from({ length: ITEMS }, (_, i) => (fromUrl(i) ? server().host(name(i), photo) : ''));
	const items: InputItem[] = Array.from({ length: ITEMS }, (_, i) => ({
		json: { i },
		...(fromUrl(i) ? {} : { binary: { data: { data: photo, fileName: name(i), mimeType: 'image/jpeg' } } }),
	}));
	const result = await run(server(), {
		items,
		continueOnFail: true,
		parameters: {
			prompt: (i: number) => `soak item ${i}`,
			// Every third item on the 3.0 route.
			model: (i: number) => (i % 3 === 0 ? 'V_3' : 'V_2_TURBO'),
			imageSource: (i: number) => (fromUrl(i) ? 'url' : 'binaryData'),
			imageUrl: (i: number) => urls[i],
			maskSource: 'rectangles',
			regions: '0, 0, 10, 10',
			options: { maxRetries: MAX_RETRIES, timeout: 10, maxImagesInFlight: BOUND },
		},
	});

	// Exactly one output item per input item, in its place: none lost, none repeated.
	expect(result.items.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));

	// Every error names its item and its cause.
	const errors = result.items.flatMap((o, i) => (o.json.error === undefined ? [] : [[i, String(o.json.error)] as const]));
	for (const [i, message] of errors) {
		expect(message).toMatch(new RegExp(`^\\S.* \\[item ${i}\\]$`));
		expect(message).not.toMatch(/does not recognize/);
	}
	// Every success carries its image, or says why it could not be downloaded.
	for (const o of result.items.filter((o) => o.json.error === undefined)) {
		expect(!!o.binary?.data || typeof o.json.download_error === 'string').toBe(true);
	}

	const byFile = new Map<string, EditRecord[]>();
	for (const r of server().editRequests as EditRecord[]) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
	let sentAgainAfter2xx = 0;
	let overRetries = 0;
	for (const [file, records] of byFile) {
		// No edit answered 2xx (whole, cut off or HTML) is sent again.
		const billed = records.findIndex((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300);
		if (billed >= 0 && billed < records.length - 1) sentAgainAfter2xx++;
		// At most Max Retries + 1 requests, beyond one 404 of the route's other name.
		const fallbacks = records.filter((r) => r.status === 404).length;
		if (records.length - fallbacks > MAX_RETRIES + 1 || fallbacks > 1) overRetries++;
		expect([file, sentAgainAfter2xx, overRetries]).toEqual([file, 0, 0]);
	}
	// The bound was never passed.
	expect(server().maxHeld).toBeLessThanOrEqual(BOUND);

	const injected: Record<string, number> = {
		...server().chaosInjected,
		'edit 429 of the organization\'s limit': (server().editRequests as Array<{ rejectReason?: string }>).filter((r) => r.rejectReason === 'inflight_limit').length,
	};
	const faults = Object.values(injected).reduce((a, b) => a + b, 0);
	expect(faults).toBeGreaterThan(ITEMS * 0.1);
	recordFigures('soak', {
		items: ITEMS,
		seed: SEED,
		faultsInjected: faults,
		itemsLost: ITEMS - result.items.length,
		errorItems: errors.length,
		sentAgainAfter2xx,
		overRetries,
		maxHeld: server().maxHeld,
		...Object.fromEntries(Object.entries(injected).map(([k, v]) => [`fault: ${k}`, v])),
	});
});
