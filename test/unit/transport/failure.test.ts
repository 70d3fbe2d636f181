import { networkFailure } from '../../../nodes/IdeogramEdit/transport/failure';

describe('what a failure without an answer means', () => {
	const wrapped = (code: string, message = 'x') => {
		// As n8n hands it over: the HTTP client's error inside a NodeApiError.
		const cause = Object.assign(new Error(message), { code });
		return Object.assign(new Error('wrapped'), { cause });
	};

	it.each([
		['ECONNREFUSED', true, false],
		['EHOSTUNREACH', true, false],
		['ECONNRESET', true, true],
		['ETIMEDOUT', true, true],
		['EPIPE', true, true],
		['ENOTFOUND', false, false],
		['ERR_SOMETHING_NEW', false, false],
	])('%s: retried %s, outcome unknown %s', (code, transient, outcomeUnknown) => {
		expect(networkFailure(wrapped(code))).toMatchObject({ transient, outcomeUnknown });
	});

	it('a blocked host (n8n\'s SSRF protection) is never retried and says so', () => {
		const blocked = Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError' });
		expect(networkFailure(blocked)).toEqual({
			reason: 'n8n blocked the request to this address',
			detail: 'The request was blocked because it resolves to a restricted IP address',
			transient: false,
			outcomeUnknown: false,
		});
	});

	it('"socket hang up" is a dropped connection', () => {
		expect(networkFailure(new Error('socket hang up'))).toMatchObject({ reason: 'the connection was dropped before the answer came', transient: true, outcomeUnknown: true });
	});

	it('names no error code in the reason, since n8n swaps a message holding one for generic text', () => {
		for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPERM']) {
			const { reason, detail } = networkFailure(wrapped(code, `connect ${code} 10.0.0.1:443`));
			expect(reason).not.toMatch(/E[A-Z_]{3,}/);
			expect(detail).toContain(code);
		}
	});
});
