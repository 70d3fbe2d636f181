/** The node's operations, in the order the editor lists them. Adding one means adding it here. */
import type { Checked } from '../checked';
import { oneOf } from '../parameters/values';
import { describeOperation } from './describe';
import { EDIT_WITH_MASK, editWithMask } from './editWithMask';
import type { AnyOperation } from './operation';
import { reframe } from './reframe';
import { remix } from './remix';
import { replaceBackground } from './replaceBackground';
import { upscale } from './upscale';

export const OPERATIONS: AnyOperation[] = [editWithMask, replaceBackground, remix, reframe, upscale, describeOperation];

/** The operation an item asks for; absent in workflows made before there was a choice: Edit With Mask. */
export function operationFor(value: unknown): Checked<AnyOperation> {
	const checked = value === undefined ? { value: EDIT_WITH_MASK } : oneOf('Operation', value, OPERATIONS.map((o) => o.choice));
	return 'problem' in checked ? checked : { value: OPERATIONS.find((o) => o.choice.value === checked.value)! };
}
