import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A bad input found before sending: which parameter, what is wrong with it, and what to do. */
export interface InputProblem {
	parameter: string;
	problem: string;
	fix: string;
}

/** A checked value, or the problem that stops it: what every check of a parameter or file returns. */
export type Checked<T> = { value: T } | { problem: InputProblem };

export function problem(parameter: string, what: string, fix: string): InputProblem {
	return { parameter, problem: what, fix };
}

export function inputError(ctx: IExecuteFunctions, itemIndex: number, p: InputProblem) {
	return new NodeOperationError(ctx.getNode(), `${p.parameter}: ${p.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: p.fix,
	});
}
