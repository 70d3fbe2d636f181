/** The errors the node hands to n8n, and the error item On Error: Continue turns them into. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import type { Checked, InputProblem } from '../checked';

/**
 * Every error leaves the node as n8n's own kind, with its item. What the node threw already is, and
 * so is what n8n threw (an expression that fails, binary data that is missing): that passes on as
 * n8n made it, with its message, description and hints. Anything else (a bug, a failing helper)
 * is wrapped with a description of what to do.
 */
export function nodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	// The message is repeated in the description: n8n swaps a message naming an error code for its own text.
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `${message}. The node met an error it does not recognize. Run the item again; if it repeats, report it with this message to the n8n-nodes-cometapi issue tracker.`,
	});
}

/** A problem a check found, as the error n8n shows: the parameter and what is wrong, then the fix. */
export function inputError(ctx: IExecuteFunctions, itemIndex: number, p: InputProblem): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${p.parameter}: ${p.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: p.fix,
	});
}

/** The item layer's way from a check to its value: a problem becomes the item's error. */
export function valueOrThrow<T>(ctx: IExecuteFunctions, itemIndex: number, checked: Checked<T>): T {
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	return checked.value;
}

export function stoppedError(ctx: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The execution was stopped before item ${itemIndex} was done [item ${itemIndex}]`, {
		itemIndex,
		description: 'Nothing more was sent after the Stop. Requests already at the API may still be billed.',
	});
}

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const e = error as { message?: string; description?: string };
	const json: IDataObject = { error: e.message ?? String(error) };
	if (e.description) json.description = e.description;
	return { json, pairedItem: { item: itemIndex } };
}
