import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { bareApiKey } from '../../credentials/CometApi.credentials';
import { CHECK_CONCURRENCY, CREDENTIAL_NAME } from './constants';
import { checkItem, type CheckedItem, type CheckRun } from './checkItem';
import { editItem } from './editItem';
import { checkBaseUrl } from './helpers/editParameters';
import { errorItem, inputError, nodeError, stoppedError } from './helpers/nodeErrors';
import { redact } from './helpers/redact';
import { forEachAtMost } from './helpers/forEachAtMost';
import { InFlightLimiter } from './transport/inFlightLimiter';

/**
 * The item loop. Every item is checked before any request is sent, so a bad item among hundreds
 * fails the run before it has cost anything; then the items are edited concurrently within the
 * in-flight bound, and the output keeps the input order.
 */
export async function editItems(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const apiKey = String(credentials.apiKey ?? '');
	const secrets = [apiKey, bareApiKey(apiKey)];

	const cancel = this.getExecutionCancelSignal();
	const results: INodeExecutionData[][] = items.map(() => []);
	const fail = (thrown: unknown, itemIndex: number) => {
		const error = nodeError(this, thrown, itemIndex);
		redact(error, secrets);
		if (!continueOnFail) throw error;
		results[itemIndex] = [errorItem(error, itemIndex)];
	};

	const baseUrl = checkBaseUrl(credentials.baseUrl);
	if ('problem' in baseUrl) {
		items.forEach((_, i) => fail(inputError(this, i, baseUrl.problem), i));
		return results.flat();
	}

	// A few checks at once: photos from URLs are downloaded here, and a download mostly waits.
	const outcomes: Array<{ item: CheckedItem } | { error: unknown }> = [];
	const run: CheckRun = { drawnMasks: new Map(), referenceUrls: new Map() };
	await forEachAtMost(CHECK_CONCURRENCY, items.length, async (i) => {
		try {
			outcomes[i] = { item: await checkItem(this, i, run) };
		} catch (error) {
			outcomes[i] = { error };
		}
	}, () => !!cancel?.aborted);
	const notChecked = items.findIndex((_, i) => !outcomes[i]);
	if (notChecked >= 0) throw stoppedError(this, notChecked);
	// Failures in item order, as a one-by-one check would report them.
	const checked: Array<CheckedItem | undefined> = outcomes.map((outcome, i) => {
		if ('item' in outcome) return outcome.item;
		fail(outcome.error, i);
		return undefined;
	});

	// One bound for the whole run: the first checked item's.
	const first = checked.find((item) => item !== undefined);
	if (!first) return results.flat();
	const limiter = new InFlightLimiter(first.params.maxImagesInFlight);
	const notices = new Set<string>();
	const firstNotice = (notice: string) => !notices.has(notice) && !!notices.add(notice);

	// Once an item has failed a run that does not continue on fail, no new request is started;
	// those already in flight finish (they are billed either way) before the error is thrown.
	let firstFailure: { index: number; error: unknown } | undefined;
	const unfinished: number[] = [];
	await Promise.all(
		checked.map(async (item, i) => {
			if (!item) return;
			try {
				const edited = await editItem(this, i, item, baseUrl.value, limiter, () => !!firstFailure, firstNotice);
				if (edited) results[i] = edited;
				else if (cancel?.aborted) unfinished.push(i);
			} catch (thrown) {
				const error = nodeError(this, thrown, i);
				redact(error, secrets);
				if (continueOnFail) {
					results[i] = [errorItem(error, i)];
				} else if (!firstFailure || i < firstFailure.index) {
					firstFailure = { index: i, error };
				}
			}
		}),
	);
	if (firstFailure) throw firstFailure.error;
	// After a Stop, n8n discards the run; the error says which item the node stopped at.
	if (unfinished.length) throw stoppedError(this, Math.min(...unfinished));
	return results.flat();
}
