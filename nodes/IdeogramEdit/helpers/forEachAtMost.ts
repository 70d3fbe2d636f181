/**
 * Runs `work(0) … work(count - 1)` with at most `limit` of them under way at once, starting them in
 * order; none is started once `stopped()` says so.
 */
export async function forEachAtMost(
	limit: number,
	count: number,
	work: (index: number) => Promise<void>,
	stopped: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, count) }, async () => {
			for (let i = next++; i < count && !stopped(); i = next++) await work(i);
		}),
	);
}
