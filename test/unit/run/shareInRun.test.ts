import { shareInRun } from '../../../nodes/IdeogramEdit/run/shareInRun';

describe('shareInRun: work the items of a run share', () => {
	it('does the work once for the items that ask for the same key', async () => {
		const shared = new Map<string, Promise<number>>();
		let done = 0;
		const work = async () => ++done;
		expect(await Promise.all([shareInRun(shared, 'a', work), shareInRun(shared, 'a', work), shareInRun(shared, 'b', work)])).toEqual([1, 1, 2]);
		expect(done).toBe(2);
	});

	it('after a failure, a waiting item does the work itself, and its outcome is shared from then on', async () => {
		const shared = new Map<string, Promise<string>>();
		const first = shareInRun(shared, 'k', async () => Promise.reject(new Error('first item failed')));
		const waiting = shareInRun(shared, 'k', async () => 'its own try');
		await expect(first).rejects.toThrow('first item failed');
		expect(await waiting).toBe('its own try');
		expect(await shareInRun(shared, 'k', async () => 'never asked')).toBe('its own try');
	});

	it('a failure is forgotten: the next item starts afresh', async () => {
		const shared = new Map<string, Promise<string>>();
		await expect(shareInRun(shared, 'k', async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
		expect(shared.has('k')).toBe(false);
		expect(await shareInRun(shared, 'k', async () => 'afresh')).toBe('afresh');
	});
});

describe('shareInRun: only verdicts are shared', () => {
	it('an outcome that is no verdict (a passing read failure) is forgotten, and a waiting item does the work itself', async () => {
		const shared = new Map<string, Promise<string>>();
		const isVerdict = (v: string) => v !== 'could not read';
		const first = shareInRun(shared, 'mask', async () => 'could not read', isVerdict);
		const waiting = shareInRun(shared, 'mask', async () => 'not black and white', isVerdict);
		expect(await first).toBe('could not read');
		expect(await waiting).toBe('not black and white');
		// Its own verdict is kept for the next items.
		expect(await shareInRun(shared, 'mask', async () => 'never asked', isVerdict)).toBe('not black and white');
	});
});
