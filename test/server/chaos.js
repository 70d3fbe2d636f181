'use strict';
/**
 * Random faults for a soak, decided by a seed: the n-th request of a given file always meets the
 * same fault, whatever order concurrent requests arrive in, so a failing seed can be replayed.
 */

/** What can happen to an edit request, a result download and a source photo download. */
const KINDS = {
	edit: ['429', '429 Retry-After', '500', '502', '503', '504', 'drop before upload', 'drop after upload', '200 cut off', '500 cut off', '200 HTML'],
	download: ['drop', 'cut off', 'expired', 'trickle', 'not an image'],
	file: ['503', 'drop'],
};

/** A number in [0, 1) from the seed and a key, the same every time (FNV-1a, then a round of mixing). */
function unit(seed, key) {
	let h = (2166136261 ^ seed) >>> 0;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 2246822507) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
	return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * @param {{seed: number, rate: number}} options  about `rate` of requests meet a fault
 */
function createChaos({ seed, rate }) {
	const counts = new Map();
	/** @type {Record<string, number>} */
	const injected = {};
	return {
		seed,
		injected,
		/**
		 * The fault the next request of `what` for `key` (a file name) meets, or undefined.
		 * @param {'edit'|'download'|'file'} what
		 * @param {string} key
		 */
		pick(what, key) {
			const id = `${what}:${key}`;
			const n = counts.get(id) ?? 0;
			counts.set(id, n + 1);
			if (unit(seed, `${id}:${n}`) >= rate) return undefined;
			const kinds = KINDS[what];
			const kind = kinds[Math.floor(unit(seed + 1, `${id}:${n}`) * kinds.length)];
			injected[`${what} ${kind}`] = (injected[`${what} ${kind}`] ?? 0) + 1;
			return kind;
		},
	};
}

module.exports = { createChaos, KINDS };
