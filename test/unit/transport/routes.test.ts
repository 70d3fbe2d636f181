import { RunRoutes } from '../../../nodes/IdeogramEdit/transport/routes';

let scopes = 0;
/** A fresh credential and base URL for each test: what was learned is kept per scope. */
const newScope = () => `scope ${++scopes}`;

describe('routes learned once', () => {
	it('a route without another name is known at once', async () => {
		const route = new RunRoutes(newScope()).route('/custom/path');
		expect(await route.turn()).toEqual({ finding: false });
		expect(route.current).toBe('/custom/path');
	});

	it('the first request finds the path; the others wait for its answer; a 404 switches to the other name once', async () => {
		const scope = newScope();
		const route = new RunRoutes(scope).route('/edit', '/ideogram/edit');
		const first = await route.turn();
		expect(first).toEqual({ finding: true });
		let secondGotTurn = false;
		const second = route.turn().then((t) => ((secondGotTurn = true), t));
		await new Promise((r) => setTimeout(r, 20));
		expect(secondGotTurn).toBe(false);
		expect(route.answered('/edit', 404)).toBe(true);
		expect(route.current).toBe('/ideogram/edit');
		expect(route.answered('/ideogram/edit', 200)).toBe(false);
		route.done(first);
		expect(await second).toEqual({ finding: false });
		// A request that met the old path's 404 goes again to the one found.
		expect(route.answered('/edit', 404)).toBe(true);
		// The next run of the same scope goes there at once.
		const next = new RunRoutes(scope).route('/edit', '/ideogram/edit');
		expect(await next.turn()).toEqual({ finding: false });
		expect(next.current).toBe('/ideogram/edit');
	});

	it('a 404 on the path learned earlier tries the configured one again, once', async () => {
		const scope = newScope();
		const learn = new RunRoutes(scope).route('/edit', '/ideogram/edit');
		learn.done(await learn.turn());
		learn.answered('/edit', 404);
		learn.answered('/ideogram/edit', 200);
		const later = new RunRoutes(scope).route('/edit', '/ideogram/edit');
		expect(later.current).toBe('/ideogram/edit');
		expect(later.answered('/ideogram/edit', 404)).toBe(true);
		expect(later.current).toBe('/edit');
		expect(later.answered('/edit', 404)).toBe(false);
	});

	it('a finding request that ends without an answer hands the finding on', async () => {
		const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		const first = await route.turn();
		const second = route.turn();
		route.done(first);
		expect(await second).toEqual({ finding: true });
	});

	it('the others wait for the first answer at most 5 s: a path answering that slowly is served', async () => {
		const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		await route.turn();
		const started = Date.now();
		expect(await route.turn()).toEqual({ finding: false });
		expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
		expect(Date.now() - started).toBeLessThan(6000);
	});

	it('once the finding request is uploaded, the others wait half a second more, or as long again as the upload took', async () => {
		for (const [took, waits] of [[100, 500], [1500, 1500], [9000, 5000]]) {
			const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
			const first = await route.turn();
			const started = Date.now();
			const second = route.turn();
			route.uploaded(first, took);
			expect(await second).toEqual({ finding: false });
			expect(Date.now() - started).toBeGreaterThanOrEqual(waits - 50);
			expect(Date.now() - started).toBeLessThan(waits + 400);
		}
	});

	it('an upload reported after the finding has ended (or the route is known) changes nothing', async () => {
		const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		const first = await route.turn();
		route.done(first);
		const next = await route.turn();
		expect(next).toEqual({ finding: true });
		const waiting = route.turn();
		// The old turn's upload does not shorten the new finding's wait.
		route.uploaded(first, 0);
		let settled = false;
		void waiting.then(() => (settled = true));
		await new Promise((r) => setTimeout(r, 700));
		expect(settled).toBe(false);
		route.answered('/edit', 200);
		expect(await waiting).toEqual({ finding: false });
	});

	it("a probe's 404 moves the route to its other name; the form's refusal (400) settles it, and wakes the others", async () => {
		const scope = newScope();
		const route = new RunRoutes(scope).route('/edit', '/ideogram/edit');
		const first = await route.turn();
		const second = route.turn();
		expect(route.probed('/edit', 404)).toBe(true);
		expect(route.current).toBe('/ideogram/edit');
		expect(route.worthProbing).toBe(true);
		expect(route.probed('/ideogram/edit', 400)).toBe(false);
		expect(route.worthProbing).toBe(false);
		expect(await second).toEqual({ finding: false });
		route.done(first);
		expect(await route.turn()).toEqual({ finding: false });
		// Learned for the next run of the same scope.
		expect(new RunRoutes(scope).route('/edit', '/ideogram/edit').current).toBe('/ideogram/edit');
	});

	it.each([[undefined], [401], [403], [408], [429], [500], [503], [307]])('a probe answered %s says nothing: the finding request finds out, and the run probes no more', async (status) => {
		const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		const first = await route.turn();
		expect(route.probed('/edit', status)).toBe(false);
		expect(route.worthProbing).toBe(false);
		expect(route.current).toBe('/edit');
		// Still finding: the others wait for the finding request, as without a probe, and take the finding on.
		const second = route.turn();
		route.done(first);
		expect(await second).toEqual({ finding: true });
		expect(route.worthProbing).toBe(false);
	});

	it('a probe of a path the route has left, or a second 404 with no other name, settles nothing', () => {
		const route = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		expect(route.probed('/edit', 404)).toBe(true);
		expect(route.probed('/edit', 400)).toBe(false);
		expect(route.worthProbing).toBe(true);
		expect(route.probed('/ideogram/edit', 404)).toBe(false);
		expect(route.worthProbing).toBe(false);
		// The upload's own 404 there is then the route's answer for the run.
		expect(route.answered('/ideogram/edit', 404)).toBe(false);
		expect(route.worthProbing).toBe(false);
	});

	it('another credential or base URL learns for itself', async () => {
		const a = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		a.done(await a.turn());
		a.answered('/edit', 404);
		a.answered('/ideogram/edit', 200);
		const b = new RunRoutes(newScope()).route('/edit', '/ideogram/edit');
		expect(b.current).toBe('/edit');
		expect(await b.turn()).toEqual({ finding: true });
	});
});
