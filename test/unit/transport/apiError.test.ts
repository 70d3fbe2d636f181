import { apiErrorMessage, isRetryableStatus, statusAdvice } from '../../../nodes/IdeogramEdit/transport/apiError';

describe('apiErrorMessage', () => {
	it.each([
		[{ error: { message: 'Invalid token', type: 'comet_api_error', code: 'invalid_api_key' } }, 'Invalid token'],
		[{ error: 'Prompt failed the safety check' }, 'Prompt failed the safety check'],
		[{ detail: 'mask size does not match' }, 'mask size does not match'],
		[{ detail: [{ loc: ['body', 'num_images'], msg: 'ensure this value is less than or equal to 8' }] }, 'ensure this value is less than or equal to 8'],
		[{ message: 'quota exceeded' }, 'quota exceeded'],
		[{ something: 'else' }, undefined],
	])('reads %j', (body, message) => {
		expect(apiErrorMessage(body)).toBe(message);
	});
});

describe('status advice and retry classes', () => {
	it('says what to do for the statuses users meet', () => {
		expect(statusAdvice(401)).toMatch(/API key/);
		expect(statusAdvice(402)).toMatch(/balance or daily limit/);
		expect(statusAdvice(422)).toMatch(/safety check/);
	});
	it('retries only what may pass', () => {
		expect([429, 500, 502, 503, 504, 524].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 402, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false);
	});
});
