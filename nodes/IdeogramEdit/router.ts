import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CHECK_CONCURRENCY, CREDENTIAL_NAME, DEFAULT_MAX_IMAGES_IN_FLIGHT } from './constants';
import { checkItem, editItem, type CheckedItem, type DrawnMasks } from './editItem';
import { checkBaseUrl } from './helpers/editParameters';
import { inputError } from './helpers/inputProblem';
import { InFlightLimiter } from './transport/inFlightLimiter';

/**
 * Removes the API key from every text an error holds (message, description, stack, the API's
 * body it carries), whatever put it there: an API that echoes the key back must not leak it.
 */
function redact(value: unknown, secrets: string[], seen = new Set<unknown>()): void {
	if (value === null || typeof value !== 'object' || seen.has(value)) return;
	seen.add(value);
	const record = value as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(value)) {
		if (key === 'node') continue;
		const v = record[key];
		if (typeof v === 'string') {
			record[key] = secrets.reduce((text, secret) => (secret ? text.split(secret).join('[redacted]') : text), v);
		} else {
			redact(v, secrets, seen);
		}
	}
}

/**
 * Every error leaves the node as n8n's own kind, with its item: what the node threw already is;
 * anything else (a bug, a failing helper) is wrapped with a description of what to do.
 */
function nodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	// The message is repeated in the description: n8n swaps a message naming an error code for its own text.
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `${message}. The node met an error it does not recognise. Run the item again; if it repeats, report it with this message to the n8n-nodes-cometapi issue tracker.`,
	});
}

function stoppedError(ctx: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The execution was stopped before item ${itemIndex} was done [item ${itemIndex}]`, {
		itemIndex,
		description: 'Nothing more was sent after the Stop. Requests already at the API may still be billed.',
	});
}

function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const e = error as { message?: string; description?: string };
	const json: IDataObject = { error: e.message ?? String(error) };
	if (e.description) json.description = e.description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The item loop. Every item is checked before any request is sent, so a bad item among hundreds
 * fails the run before it has cost anything; then the items are edited concurrently within the
 * in-flight bound, and the output keeps the input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const apiKey = String(credentials.apiKey ?? '');
	const secrets = [apiKey, apiKey.replace(/^\s*bearer\s+/i, '').trim()];

	// One bound for the whole run, so it is read once, from the first item.
	const bound = this.getNodeParameter('options.maxImagesInFlight', 0, DEFAULT_MAX_IMAGES_IN_FLIGHT);
	if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) {
		throw new NodeOperationError(this.getNode(), `Max Images in Flight: ${String(bound)} is not a whole number of 1 or more`, {
			description: 'Set Max Images in Flight to a whole number such as 10.',
			itemIndex: 0,
		});
	}
	const limiter = new InFlightLimiter(bound);

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
	const drawn: DrawnMasks = new Map();
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(CHECK_CONCURRENCY, items.length) }, async () => {
			for (let i = next++; i < items.length && !cancel?.aborted; i = next++) {
				try {
					outcomes[i] = { item: await checkItem(this, i, drawn) };
				} catch (error) {
					outcomes[i] = { error };
				}
			}
		}),
	);
	const notChecked = items.findIndex((_, i) => !outcomes[i]);
	if (notChecked >= 0) throw stoppedError(this, notChecked);
	// Failures in item order, as a one-by-one check would report them.
	const checked: Array<CheckedItem | undefined> = outcomes.map((outcome, i) => {
		if ('item' in outcome) return outcome.item;
		fail(outcome.error, i);
		return undefined;
	});

	// Once an item has failed a run that does not continue on fail, no new request is started;
	// those already in flight finish (they are billed either way) before the error is thrown.
	let firstFailure: { index: number; error: unknown } | undefined;
	const unfinished: number[] = [];
	await Promise.all(
		checked.map(async (item, i) => {
			if (!item) return;
			try {
				const edited = await editItem(this, i, item, baseUrl.value, limiter, () => !!firstFailure);
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
