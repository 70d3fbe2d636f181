/**
 * Work the items of one run share (a download, a drawn or decoded mask): the first item to ask for
 * `key` does it, the others wait for it. Only a verdict is shared: once the work has failed, or
 * ended in something `isVerdict` does not take for one (a passing failure to read a file), it is
 * forgotten, and an item that was waiting on it asks again, doing the work itself if no other item
 * is, so that an error is always the item's own.
 */
export function shareInRun<Key, Value>(
	shared: Map<Key, Promise<Value>>,
	key: Key,
	work: () => Promise<Value>,
	isVerdict: (value: Value) => boolean = () => true,
): Promise<Value> {
	const earlier = shared.get(key);
	const again = () => shareInRun(shared, key, work, isVerdict);
	if (earlier) return earlier.then((value) => (isVerdict(value) ? value : again()), again);
	const own = work();
	shared.set(key, own);
	const forget = () => shared.get(key) === own && shared.delete(key);
	own.then((value) => isVerdict(value) || forget(), forget);
	return own;
}

/** The work the items of one run share, by kind ("drawn mask", "reference download") and key. */
export class SharedWork {
	private readonly kinds = new Map<string, Map<string, Promise<unknown>>>();

	share<Value>(kind: string, key: string, work: () => Promise<Value>, isVerdict?: (value: Value) => boolean): Promise<Value> {
		let shared = this.kinds.get(kind);
		if (!shared) this.kinds.set(kind, (shared = new Map()));
		return shareInRun(shared as Map<string, Promise<Value>>, key, work, isVerdict);
	}
}
