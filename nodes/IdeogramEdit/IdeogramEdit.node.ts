import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, subtitle } from './description';
import { runItems } from './run/runItems';
import { CREDENTIAL_NAME } from './transport/cometApi';

export class IdeogramEdit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ideogram Edit',
		name: 'ideogramEdit',
		icon: { light: 'file:ideogram.svg', dark: 'file:ideogram.dark.svg' },
		group: ['transform'],
		// 1.1 is 1 without the Invert Mask option, which Mask Convention replaced; saved nodes of 1 keep it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
		description: 'Edit the masked part of an image, or replace a photo\'s background, with Ideogram through CometAPI',
		defaults: {
			name: 'Ideogram Edit',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_NAME,
				required: true,
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems.call(this)];
	}
}
