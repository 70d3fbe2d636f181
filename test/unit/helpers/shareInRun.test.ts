import { shareInRun } from '../../../nodes/IdeogramEdit/helpers/shareInRun';

describe('shareInRun: work the items of a run share', () => {
	it('does the work once for the items that ask for the same key', async () => {
		const shared = new Map<string, Promise<number>>();
		let done = 0;
		const work = async () => ++done;
		expect(await Promise.all([shareInRun(shared, 'a', work), shareInRun(shared, 'a', work), shareInRun(shared, 'b', work)])).toEqual([1, 1, 2]);
		expect(done).toBe(2);
	});

	it('after a failure, a waiting item does the work itself and a later one starts afresh', async () => {
		const shared = new Map<string, Promise<string>>();
		const first = shareInRun(shared, 'k', async () => Promise.reject(new Error('first item failed')));
		const waiting = shareInRun(shared, 'k', async () => 'its own try');
		await expect(first).rejects.toThrow('first item failed');
		expect(await waiting).toBe('its own try');
		expect(shared.has('k')).toBe(false);
		expect(await shareInRun(shared, 'k', async () => 'afresh')).toBe('afresh');
	});
});
