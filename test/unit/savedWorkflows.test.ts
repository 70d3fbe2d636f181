/**
 * The node's description as a user meets it: for every setting of the parameters that show or
 * hide others, the editor shows the same parameters, in the same order, with the same types and
 * defaults as version 0.4.2 did (test/fixtures/description-0.4.2.json), and every choice it
 * offered (new ones may join, as may new options in a collection). Saved workflows keep working
 * only if names and defaults stay.
 */
import type { INodeProperties } from 'n8n-workflow';

import { IdeogramEdit } from '../../nodes/IdeogramEdit/IdeogramEdit.node';

const before = require('../fixtures/description-0.4.2.json') as {
	name: string;
	version: number;
	usableAsTool: boolean;
	credentials: unknown;
	properties: Property[];
};

type Property = Pick<INodeProperties, 'name' | 'displayName' | 'type' | 'default' | 'displayOptions' | 'typeOptions' | 'required' | 'noDataExpression'> & {
	options?: Array<Property | { name: string; value: unknown }>;
};

const now = new IdeogramEdit().description;

/** Whether n8n shows a parameter for these values (only `show` with lists of values is used here). */
function shown(property: Property, values: Record<string, unknown>): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	return Object.entries(show).every(([key, allowed]) => (allowed as unknown[]).includes(values[key.replace(/^\//, '')]));
}

/** What the editor shows for these values: each visible parameter as the user sees it. */
function visible(properties: Property[], values: Record<string, unknown>): unknown[] {
	const all = { ...Object.fromEntries(properties.map((p) => [p.name, p.default])), ...values };
	return properties
		.filter((p) => shown(p, all))
		.map((p) => ({
			name: p.name,
			displayName: p.displayName,
			type: p.type,
			default: p.default,
			required: p.required ?? false,
			typeOptions: p.typeOptions,
			noDataExpression: p.noDataExpression ?? false,
			choices: p.type === 'collection' ? visible((p.options ?? []) as Property[], all) : p.options?.map((o) => ('value' in o ? o.value : o.name)),
		}));
}

type Shown = { name: string; choices?: unknown[] | Shown[] };
const withoutChoices = (p: Shown): unknown => ({ ...p, choices: Array.isArray(p.choices) && typeof p.choices[0] === 'object' ? (p.choices as Shown[]).map(withoutChoices) : undefined });
const choices = (p: Shown): unknown[] =>
	Array.isArray(p.choices) ? (typeof p.choices[0] === 'object' ? (p.choices as Shown[]).flatMap((o) => choices(o).map((c) => `${o.name}=${String(c)}`)) : p.choices) : [];

const SETTINGS: Array<Record<string, unknown>> = [];
for (const operation of ['editWithMask', 'replaceBackground']) {
	for (const model of ['V_2_TURBO', 'V_2', 'V_3']) {
		for (const imageSource of ['binary', 'url']) {
			for (const maskSource of ['binary', 'rectangles']) {
				// As saved: those workflows' nodes are of version 1.
				for (const colorPalette of ['none', 'preset', 'custom']) SETTINGS.push({ resource: 'image', operation, model, imageSource, maskSource, colorPalette, '@version': 1 });
			}
		}
	}
}

describe('the description is the one workflows were saved with', () => {
	it('the same node type, credential and tool use; version 1 is still described, beside 1.1', () => {
		expect({ name: now.name, usableAsTool: now.usableAsTool, credentials: now.credentials }).toEqual({
			name: before.name,
			usableAsTool: before.usableAsTool,
			credentials: before.credentials,
		});
		expect(now.version).toEqual([before.version, 1.1]);
	});

	it.each(SETTINGS.map((s) => [Object.values(s).slice(1, -1).join(', '), s]))('shows the same parameters for %s', (_, values) => {
		const shownNow = visible(now.properties as Property[], values as Record<string, unknown>) as Shown[];
		const shownBefore = visible(before.properties, values as Record<string, unknown>) as Shown[];
		// New options may join a collection: one not added takes its default, so saved workflows do not change.
		const oldOptions = (p: Shown, k: number): Shown => {
			const then = shownBefore[k]?.choices;
			if (!Array.isArray(p.choices) || typeof p.choices[0] !== 'object' || !Array.isArray(then)) return p;
			const names = new Set((then as Shown[]).map((o) => o.name));
			return { ...p, choices: (p.choices as Shown[]).filter((o) => names.has(o.name)) };
		};
		expect(shownNow.map(oldOptions).map(withoutChoices)).toEqual(shownBefore.map(withoutChoices));
		// Every choice offered then is offered still.
		shownBefore.forEach((p, k) => expect(choices(shownNow[k])).toEqual(expect.arrayContaining(choices(p))));
	});

	it('a new node (version 1.1) shows what version 1 shows but Invert Mask, which Mask Convention replaced', () => {
		for (const values of SETTINGS) {
			const names = (version: number) =>
				(visible(now.properties as Property[], { ...values, '@version': version }) as Shown[]).flatMap((p) => [p.name, ...(Array.isArray(p.choices) && typeof p.choices[0] === 'object' ? (p.choices as Shown[]).map((o) => `options.${o.name}`) : [])]);
			const removed = values.operation === 'editWithMask' ? ['options.invertMask'] : [];
			expect(names(1.1)).toEqual(names(1).filter((n) => !removed.includes(n)));
		}
	});

	it('every parameter name keeps its default wherever it appears', () => {
		const defaults = (properties: Property[]) => {
			const out: Record<string, unknown[]> = {};
			for (const p of properties) {
				(out[p.name] ??= []).push(p.default);
				if (p.type === 'collection') for (const o of (p.options ?? []) as Property[]) (out[`options.${o.name}`] ??= []).push(o.default);
			}
			return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...new Set(v.map((d) => JSON.stringify(d)))]]));
		};
		const old = defaults(before.properties);
		const kept = Object.fromEntries(Object.entries(defaults(now.properties as Property[])).filter(([name]) => name in old));
		expect(kept).toEqual(old);
	});
});
