/**
 * The Options collection: the options every operation takes, and the route option each operation
 * adds for its own path. n8n hands over only the options a user added; the others take the
 * default of their description here, the one source of each default.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { refuse, valid, type Checked } from '../checked';
import { DEFAULT_MAX_IMAGES_IN_FLIGHT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../limits';
import { checkBinaryFieldName, describe, integerInRange } from './values';

/** The options of the operations whose answers hold images. */
export const IMAGE_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			'Whether to download each edited image into the output item as binary data. Result URLs expire after about a day, so keep this on unless you only need the links.',
	},
	{
		displayName: 'Include Unsafe Results',
		name: 'includeUnsafe',
		type: 'boolean',
		default: true,
		description:
			'Whether an image that failed the safety check still becomes an output item (with is_image_safe false, no URL and no binary), so that you can see it was made and billed',
	},
	{
		displayName: 'Output Binary Field',
		name: 'outputBinaryProperty',
		type: 'string',
		default: 'data',
		description: 'Name of the binary field that receives the downloaded image',
	},
];

/** The options every operation takes: how its requests are sent. */
export const REQUEST_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Max Images in Flight',
		name: 'maxImagesInFlight',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
		default: DEFAULT_MAX_IMAGES_IN_FLIGHT,
		description:
			'How many images may be in the making at once across all items (a request for 4 images counts 4). The upstream allows 10 per organization; the node slows down by itself when it answers 429, for example because other workflows share the limit.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that failed for a passing reason (rate limit, server busy, dropped connection). Bad requests are never retried.',
	},
	{
		displayName: 'Retry When Outcome Unknown',
		name: 'retryUnknownOutcome',
		type: 'boolean',
		// On: in an overnight batch a missing image costs more than a rare second charge of a
		// few cents, and the item's `attempts` shows when it happened.
		default: true,
		description:
			'Whether to send an edit again after a 502, 504 or 524 or a connection dropped mid-request. The first request may have been made and billed upstream: on, an image may be billed twice; off, the item fails instead.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description:
			'How long one item may take from its turn, its requests, retry waits and downloads included. An item out of time fails; a download out of time leaves the item with its URL and a download_error.',
	},
];

/**
 * A dry run: every check, no request. Read from the first item, as the in-flight bound is: one
 * mode for the whole run.
 */
export const CHECK_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Check Only',
		name: 'checkOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to run every check (parameters, files, masks, URLs, references) and send no request: one item per input item says whether it would be accepted, what would be sent and, with Price per Image, what it would cost. Nothing is billed.',
	},
	{
		displayName: 'Price per Image',
		name: 'pricePerImage',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 0,
		description:
			"With Check Only: what one image costs you, in your currency (CometAPI's prices are on its site), to estimate each item and the batch. 0 gives no estimate.",
	},
];

/** The Check Only options of the run, from the first item. */
export interface CheckOnly {
	pricePerImage?: number;
}

export function checkOnlyOf(options: IDataObject): Checked<CheckOnly | undefined> {
	const o = withDefaults(options, CHECK_OPTIONS);
	if (o.checkOnly !== true) return valid(undefined);
	const price = o.pricePerImage;
	if (typeof price !== 'number' || !(price >= 0) || !Number.isFinite(price)) {
		return refuse('Price per Image', `${describe(price)} is not a price`, 'Use a number of 0 or more, such as 0.06, or 0 for no estimate.');
	}
	return valid(price > 0 ? { pricePerImage: price } : {});
}

/** An operation's route: the option that holds its path, and the other name a default path goes by. */
export interface RouteOption {
	property: INodeProperties;
	/** Tried once on a 404 of the default path (not billed): gateways serve some routes under two names. */
	otherName?: string;
}

/** A route option (a string property whose default is the route's path), shown for `operation` only. */
export function routeOption(operation: string, property: INodeProperties, otherName?: string): RouteOption {
	return { property: operationOption(operation, property), otherName };
}

/** An option shown for `operation` only. */
export function operationOption(operation: string, property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { show: { '/operation': [operation] } } };
}

/** The added options, with the description's default for every option of `properties` not added. */
export function withDefaults(added: IDataObject, properties: INodeProperties[]): IDataObject {
	return { ...Object.fromEntries(properties.map((o) => [o.name, o.default])), ...added };
}

/** The shared options and the route, checked. */
export interface CheckedOptions {
	downloadImages: boolean;
	includeUnsafe: boolean;
	outputBinaryProperty: string;
	/** The request's path under the Base URL. */
	endpointPath: string;
	/** The route's other name, tried once on a 404, when the path is the default one. */
	fallbackPath?: string;
	maxRetries: number;
	retryUnknownOutcome: boolean;
	timeoutMs: number;
	/** Read from the first item: one bound for the whole run. */
	maxImagesInFlight: number;
}

export function checkOptions(added: IDataObject, route: RouteOption): Checked<CheckedOptions> {
	const options = withDefaults(added, [...IMAGE_OPTIONS, ...REQUEST_OPTIONS, route.property]);
	const outputBinaryProperty = checkBinaryFieldName('Output Binary Field', options.outputBinaryProperty);
	if ('problem' in outputBinaryProperty) return outputBinaryProperty;

	const { displayName, name, default: path } = route.property;
	const endpointPath = String(options[name]).trim();
	if (!/^\/[\w\-./]*$/.test(endpointPath)) {
		return refuse(displayName, `${describe(options[name])} is not a path`, `Use a path that starts with "/", such as ${String(path)}.`);
	}

	const maxRetries = integerInRange('Max Retries', options.maxRetries, 0, 10, 'Use a whole number from 0 to 10.');
	if ('problem' in maxRetries) return maxRetries;

	const bound = options.maxImagesInFlight;
	if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) {
		return refuse('Max Images in Flight', `${String(bound)} is not a whole number of 1 or more`, 'Set Max Images in Flight to a whole number such as 10.');
	}

	const timeout = options.timeout;
	if (typeof timeout !== 'number' || !(timeout > 0)) {
		return refuse('Timeout (Seconds)', `${describe(timeout)} is not a positive number`, 'Use a number of seconds, such as 180.');
	}

	return valid({
		downloadImages: options.downloadImages !== false,
		includeUnsafe: options.includeUnsafe !== false,
		outputBinaryProperty: outputBinaryProperty.value,
		endpointPath,
		...(route.otherName && endpointPath === path ? { fallbackPath: route.otherName } : {}),
		maxRetries: maxRetries.value,
		retryUnknownOutcome: options.retryUnknownOutcome !== false,
		timeoutMs: Math.round(timeout * 1000),
		maxImagesInFlight: bound,
	});
}
