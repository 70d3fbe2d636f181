/**
 * Work the items of one run share (a download, a drawn or decoded mask): the first item to ask for
 * `key` does it, the others wait for it. Once it has failed it is forgotten, and an item that was
 * waiting on it does the work itself, so that an error is always the item's own.
 */
export function shareInRun<Key, Value>(shared: Map<Key, Promise<Value>>, key: Key, work: () => Promise<Value>): Promise<Value> {
	const earlier = shared.get(key);
	if (earlier) return earlier.catch(work);
	const own = work();
	shared.set(key, own);
	own.catch(() => shared.delete(key));
	return own;
}
