/**
 * Check Only: every item goes through the check phase a real run uses, and nothing is sent. Each
 * input item gets one output item with its verdict, bad items included (the point is to see them
 * all at once), and every item carries the batch's totals, so that an IF node can stop a schedule
 * before it spends.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { checkedFile } from '../inputs/binaryFiles';
import { CHECK_CONCURRENCY } from '../limits';
import type { CheckOnly } from '../parameters/options';
import { checkItem, type CheckedItem } from './checkItem';
import { forEachAtMost } from './forEachAtMost';
import { stoppedError } from './nodeErrors';
import { SharedWork } from './shareInRun';

/** What a good item would send. */
function wouldSend(item: CheckedItem, mode: CheckOnly): IDataObject {
	const requests = item.requests.filter((r) => !('photoAsOutput' in r)) as Array<{ numImages: number }>;
	const images = requests.reduce((sum, r) => sum + r.numImages, 0);
	const params = item.params as unknown as IDataObject;
	// The verdict and the cost first: n8n's output table shows the first columns.
	return {
		check: 'ok',
		error: null,
		images,
		...(mode.pricePerImage !== undefined ? { estimate: roundPrice(images * mode.pricePerImage) } : {}),
		operation: item.operation.choice.value,
		route: item.params.endpointPath,
		...(typeof params.model === 'string' ? { model: params.model } : {}),
		requests: requests.length,
		photo: checkedFile(item.photo),
		...item.operation.checkedFiles?.(item.inputs),
	} as IDataObject;
}

/** Prices in the user's currency, without float noise. */
function roundPrice(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

/** A refused item: the problem and the fix, as the error of a real run would give them. */
function refused(error: { message: string; description?: string | null }): IDataObject {
	return { check: 'refused', error: error.message, images: 0, ...(error.description ? { fix: error.description } : {}) };
}

/**
 * Checks every item, `CHECK_CONCURRENCY` at a time, and returns the verdicts in item order.
 * `toError` turns what a check threw into the node's error for the item (redacted). A Stop ends
 * the run as a real run's Stop does.
 */
export async function checkOnlyItems(
	ctx: IExecuteFunctions,
	mode: CheckOnly,
	toError: (thrown: unknown, itemIndex: number) => { message: string; description?: string | null },
	refuseAll?: (itemIndex: number) => unknown,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const cancel = ctx.getExecutionCancelSignal();
	const verdicts: IDataObject[] = [];
	const shared = new SharedWork();
	await forEachAtMost(
		CHECK_CONCURRENCY,
		items.length,
		async (i) => {
			try {
				if (refuseAll) throw refuseAll(i);
				verdicts[i] = wouldSend(await checkItem(ctx, i, shared, cancel ?? new AbortController().signal), mode);
			} catch (thrown) {
				verdicts[i] = refused(toError(thrown, i));
			}
		},
		() => !!cancel?.aborted,
	);
	// A check cut off by Stop is no verdict: the run ends as a real run's Stop ends it.
	if (cancel?.aborted) {
		const notChecked = items.findIndex((_, i) => !verdicts[i]);
		throw stoppedError(ctx, notChecked >= 0 ? notChecked : items.length - 1);
	}

	const ok = verdicts.filter((v) => v.check === 'ok');
	const images = ok.reduce((sum, v) => sum + Number(v.images), 0);
	const batch: IDataObject = {
		items: verdicts.length,
		ok: ok.length,
		refused: verdicts.length - ok.length,
		images,
		...(mode.pricePerImage !== undefined ? { estimate: roundPrice(images * mode.pricePerImage) } : {}),
	};
	return verdicts.map((json, i) => ({ json: { ...json, batch }, pairedItem: { item: i } }));
}
