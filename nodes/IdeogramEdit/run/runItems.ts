import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { bareApiKey } from '../../../credentials/CometApi.credentials';
import { CHECK_CONCURRENCY } from '../limits';
import { checkBaseUrl } from '../parameters/baseUrl';
import { checkOnlyOf } from '../parameters/options';
import { AnswerTimes } from '../transport/backoff';
import { CREDENTIAL_NAME } from '../transport/cometApi';
import { InFlightLimiter } from '../transport/inFlightLimiter';
import { RunRoutes } from '../transport/routes';
import { checkItem, type CheckedItem } from './checkItem';
import { checkOnlyItems } from './checkOnly';
import { forEachAtMost } from './forEachAtMost';
import { errorItem, inputError, nodeError, stoppedError } from './nodeErrors';
import { redact } from './redact';
import { sendItem, type SendRun } from './sendItem';
import { SharedWork } from './shareInRun';

type Outcome = { item: CheckedItem } | { error: unknown };

/**
 * The item loop. No item is sent before it has passed its checks. A run that stops at a bad item
 * (On Error: Stop Workflow, n8n's default) checks every item before the first request, so a bad
 * item among hundreds fails the run before it has cost anything; once an item has failed its
 * check, no later item's check starts (nor goes on downloading), since the run fails with the
 * lowest failed item's error whatever they hold. A run that continues on fail
 * loses nothing by sending early, so there an item is sent as soon as it is checked, and the
 * checks of later items (mask decoding, URL downloads) overlap the edits of earlier ones. Either
 * way the items are edited concurrently within the in-flight bound, and the output keeps the
 * input order.
 */
export async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const apiKey = String(credentials.apiKey ?? '');
	const secrets = [apiKey, bareApiKey(apiKey)];

	const cancel = this.getExecutionCancelSignal();
	const stopped = () => !!cancel?.aborted;
	const results: INodeExecutionData[][] = items.map(() => []);
	const toError = (thrown: unknown, itemIndex: number) => {
		const error = nodeError(this, thrown, itemIndex);
		redact(error, secrets);
		return error;
	};
	const fail = (thrown: unknown, itemIndex: number) => {
		const error = toError(thrown, itemIndex);
		if (!continueOnFail) throw error;
		results[itemIndex] = [errorItem(error, itemIndex)];
	};

	const baseUrl = checkBaseUrl(credentials.baseUrl);
	const checkOnly = checkOnlyOf(this.getNodeParameter('options', 0, {}) as IDataObject);
	if ('problem' in checkOnly) throw toError(inputError(this, 0, checkOnly.problem), 0);
	if (checkOnly.value) {
		const badBase = 'problem' in baseUrl ? baseUrl.problem : undefined;
		const output = await checkOnlyItems(this, checkOnly.value, toError, badBase && ((i) => inputError(this, i, badBase)));
		for (const item of output) redact(item.json, secrets);
		return output;
	}
	if ('problem' in baseUrl) {
		items.forEach((_, i) => fail(inputError(this, i, baseUrl.problem), i));
		return results.flat();
	}

	const notices = new Set<string>();
	// Once an item has failed a run that does not continue on fail, no new request is started;
	// those already in flight finish (they are billed either way) before the error is thrown.
	let firstFailure: { index: number; error: unknown } | undefined;
	const routes = new RunRoutes(JSON.stringify([this.getNode().credentials?.[CREDENTIAL_NAME]?.id ?? '', baseUrl.value]));
	const answerTimes = new AnswerTimes();
	const unfinished: number[] = [];
	const edit = async (i: number, item: CheckedItem, limiter: InFlightLimiter) => {
		const send: SendRun = {
			baseUrl: baseUrl.value,
			limiter,
			routes,
			answerTimes,
			failing: () => !!firstFailure,
			firstNotice: (notice) => !notices.has(notice) && !!notices.add(notice),
			continueOnFail,
			errorItem: (thrown, itemIndex, label) => {
				const item = errorItem(toError(thrown, itemIndex), itemIndex);
				return label ? { ...item, json: { ...item.json, ...label } } : item;
			},
		};
		try {
			const edited = await sendItem(this, i, item, send);
			if (edited) results[i] = edited;
			else if (stopped()) unfinished.push(i);
		} catch (thrown) {
			const error = toError(thrown, i);
			if (continueOnFail) results[i] = [errorItem(error, i)];
			else if (!firstFailure || i < firstFailure.index) firstFailure = { index: i, error };
		}
	};

	// A few checks at once: photos from URLs are downloaded here, and a download mostly waits.
	const outcomes: Outcome[] = [];
	const shared = new SharedWork();
	const sending: Array<Promise<void>> = [];
	const inOrder = new InItemOrder((i, item, limiter) => sending.push(edit(i, item, limiter)));
	const checks = new ChecksUnderWay(cancel);
	await forEachAtMost(CHECK_CONCURRENCY, items.length, async (i) => {
		try {
			outcomes[i] = { item: await checkItem(this, i, shared, checks.signalFor(i)) };
		} catch (error) {
			outcomes[i] = { error };
		} finally {
			checks.finished(i);
		}
		const outcome = outcomes[i];
		if (!continueOnFail) {
			if ('error' in outcome) checks.failed(i);
			return;
		}
		if ('error' in outcome) fail(outcome.error, i);
		inOrder.settled(i, outcome);
	}, (i) => stopped() || i > checks.lowestFailed);

	if (!continueOnFail) {
		// Only a Stop leaves items before the lowest failed one unchecked; n8n then discards the run.
		const notChecked = items.findIndex((_, i) => i < checks.lowestFailed && !outcomes[i]);
		if (notChecked >= 0) throw stoppedError(this, notChecked);
		const failed = outcomes[checks.lowestFailed];
		if (failed && 'error' in failed) fail(failed.error, checks.lowestFailed);
		outcomes.forEach((outcome, i) => inOrder.settled(i, outcome));
	}
	await Promise.all(sending);
	if (firstFailure) throw firstFailure.error;
	const notChecked = items.findIndex((_, i) => !outcomes[i]);
	if (notChecked >= 0) unfinished.push(notChecked);
	if (unfinished.length) throw stoppedError(this, Math.min(...unfinished));
	// What the API sent back (its prompt, a notice) may echo the key too.
	const output = results.flat();
	for (const item of output) redact(item.json, secrets);
	return output;
}

/**
 * The checks under way, each with a signal that ends it: on Stop, and, in a run that stops at its
 * first bad item, once an earlier item has failed (its downloads are then of no use).
 */
class ChecksUnderWay {
	/** The lowest item that failed its check in a run that stops at a bad item. */
	lowestFailed = Infinity;
	private readonly running = new Map<number, AbortController>();

	constructor(private readonly cancel: AbortSignal | undefined) {}

	signalFor(itemIndex: number): AbortSignal {
		const abandon = new AbortController();
		this.running.set(itemIndex, abandon);
		return this.cancel ? AbortSignal.any([this.cancel, abandon.signal]) : abandon.signal;
	}

	finished(itemIndex: number): void {
		this.running.delete(itemIndex);
	}

	failed(itemIndex: number): void {
		if (itemIndex >= this.lowestFailed) return;
		this.lowestFailed = itemIndex;
		for (const [i, abandon] of this.running) if (i > itemIndex) abandon.abort();
	}
}

/**
 * Hands the checked items on in item order, each once the items before it have been checked, so
 * requests start in item order (one by one with a bound of 1), with the run's one in-flight bound:
 * the Max Images in Flight of the first item that passed its checks.
 */
class InItemOrder {
	private readonly outcomes: Outcome[] = [];
	private next = 0;
	private limiter?: InFlightLimiter;

	constructor(private readonly onChecked: (itemIndex: number, item: CheckedItem, limiter: InFlightLimiter) => void) {}

	settled(itemIndex: number, outcome: Outcome) {
		this.outcomes[itemIndex] = outcome;
		for (let current = this.outcomes[this.next]; current; current = this.outcomes[++this.next]) {
			if ('error' in current) continue;
			this.limiter ??= new InFlightLimiter(current.item.params.maxImagesInFlight);
			this.onChecked(this.next, current.item, this.limiter);
		}
	}
}
