import { networkFailure } from '../../../nodes/IdeogramEdit/transport/failure';

/**
 * The shapes below are what the node was handed in n8n-core 2.41 and in n8n 1.123.81's n8n-core
 * (printed from the node-level suite in each engine): 2.x's NodeApiError keeps the client's error
 * as `cause`; 1.x's keeps only its own sentence, the code in `httpCode` and the client's words in
 * `messages`. The node-level suite runs every one of these faults in both engines for real.
 */
function n8n2(code: string, clientMessage: string, n8nSentence: string) {
	const inner = Object.assign(new Error(clientMessage), { code });
	const axios = Object.assign(new Error(clientMessage), { isAxiosError: true, code, cause: inner });
	return Object.assign(new Error(n8nSentence), { name: 'NodeApiError', cause: axios, messages: [clientMessage, clientMessage], httpCode: code, context: {} });
}
function n8n1(code: string, clientMessage: string, n8nSentence: string) {
	return Object.assign(new Error(n8nSentence), { name: 'NodeApiError', messages: [clientMessage, clientMessage], httpCode: code, context: {} });
}

const CASES: Array<[string, string, string, string, boolean, boolean]> = [
	['dropped', 'ECONNRESET', 'socket hang up', 'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.', true, true],
	['refused', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', 'The service refused the connection - perhaps it is offline', true, false],
	['unresolved', 'ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid', 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value', false, false],
	['unreachable', 'EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:443', 'The host is unreachable, perhaps the server is offline', true, false],
	['timed out', 'ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443', "The connection timed out, consider setting the 'Retry on Fail' option in the node settings", true, true],
];

describe('what a failure without an answer means, whatever n8n hands over', () => {
	it.each(CASES.flatMap(([kind, code, client, sentence, transient, unknown]) => [
		[`n8n 2.x, ${code}`, n8n2(code, client, sentence), kind, transient, unknown, client],
		[`n8n 1.x, ${code}`, n8n1(code, client, sentence), kind, transient, unknown, client],
	]))('%s', (_, error, kind, transient, outcomeUnknown, client) => {
		const failure = networkFailure(error);
		expect(failure).toMatchObject({ kind, transient, outcomeUnknown });
		// The client's own words, not n8n's sentence.
		expect(failure.detail.startsWith(client as string)).toBe(true);
	});

	it('the client\'s error as it is (a download without authentication)', () => {
		const axios = Object.assign(new Error('socket hang up'), { isAxiosError: true, code: 'ECONNRESET' });
		expect(networkFailure(axios)).toMatchObject({ kind: 'dropped', transient: true, outcomeUnknown: true });
		expect(networkFailure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'dropped' });
	});

	it('an unknown code is not retried', () => {
		expect(networkFailure(n8n1('ERR_SOMETHING_NEW', 'x', 'y'))).toMatchObject({ kind: 'other', transient: false, outcomeUnknown: false });
		expect(networkFailure(Object.assign(new Error('x'), { code: 'EPERM' }))).toMatchObject({ kind: 'other', transient: false });
	});

	it('n8n\'s sentence alone, with no code anywhere, decides nothing', () => {
		expect(networkFailure(new Error('The connection to the server was closed unexpectedly, perhaps it is offline.'))).toMatchObject({ kind: 'other', transient: false });
	});

	it('Node\'s own words for a closed connection, where no code came with them, are a drop', () => {
		expect(networkFailure(new Error('socket hang up'))).toMatchObject({ kind: 'dropped', reason: 'the connection was dropped before the answer came', transient: true, outcomeUnknown: true });
	});

	it('an abort is a Stop', () => {
		expect(networkFailure(Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' }))).toMatchObject({ kind: 'stopped', transient: false });
		expect(networkFailure(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))).toMatchObject({ kind: 'stopped' });
	});

	it('a blocked host (n8n\'s SSRF protection) is never retried, and keeps n8n\'s advice', () => {
		const blocked = Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), {
			name: 'SsrfBlockedIpError',
			description: 'The target 10.0.0.1 is not allowed.',
		});
		expect(networkFailure(blocked)).toEqual({
			kind: 'blocked',
			reason: 'n8n blocked the request to this address',
			detail: 'The request was blocked because it resolves to a restricted IP address',
			transient: false,
			outcomeUnknown: false,
			advice: 'The target 10.0.0.1 is not allowed.',
		});
	});

	it('names no error code in the reason, since n8n swaps a message holding one for generic text', () => {
		for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPERM']) {
			const { reason, detail } = networkFailure(n8n2(code, `connect ${code} 10.0.0.1:443`, 'n8n says'));
			expect(reason).not.toMatch(/E[A-Z_]{3,}/);
			expect(detail).toContain(code);
		}
	});
});
