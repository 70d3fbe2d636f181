/**
 * Runs `work(0) … work(count - 1)` with at most `limit` of them under way at once, starting them in
 * order; `work(i)` is not started once `skip(i)` says so.
 */
export async function forEachAtMost(
	limit: number,
	count: number,
	work: (index: number) => Promise<void>,
	skip: (index: number) => boolean = () => false,
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, count) }, async () => {
			for (let i = next++; i < count && !skip(i); i = next++) await work(i);
		}),
	);
}
