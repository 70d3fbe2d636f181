import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CHECK_CONCURRENCY, CREDENTIAL_NAME, DEFAULT_MAX_IMAGES_IN_FLIGHT } from './constants';
import { checkItem, editItem, type CheckedItem } from './editItem';
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
		});
	}
	const limiter = new InFlightLimiter(bound);

	const results: INodeExecutionData[][] = items.map(() => []);
	const fail = (error: unknown, itemIndex: number) => {
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
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(CHECK_CONCURRENCY, items.length) }, async () => {
			for (let i = next++; i < items.length; i = next++) {
				try {
					outcomes[i] = { item: await checkItem(this, i) };
				} catch (error) {
					outcomes[i] = { error };
				}
			}
		}),
	);
	// Failures in item order, as a one-by-one check would report them.
	const checked: Array<CheckedItem | undefined> = outcomes.map((outcome, i) => {
		if ('item' in outcome) return outcome.item;
		fail(outcome.error, i);
		return undefined;
	});

	// Once an item has failed a run that does not continue on fail, no new request is started;
	// those already in flight finish (they are billed either way) before the error is thrown.
	let firstFailure: { index: number; error: unknown } | undefined;
	await Promise.all(
		checked.map(async (item, i) => {
			if (!item) return;
			try {
				results[i] = (await editItem(this, i, item, baseUrl.value, limiter, () => !!firstFailure)) ?? [];
			} catch (error) {
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
	return results.flat();
}
