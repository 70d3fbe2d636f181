import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** The key as CometAPI wants it after "Bearer ": a key pasted with its own prefix loses it. */
export function bareApiKey(apiKey: unknown): string {
	return String(apiKey ?? '').trim().replace(/^bearer\s+/i, '');
}

export class CometApi implements ICredentialType {
	name = 'cometApi';

	displayName = 'Comet API';

	icon = { light: 'file:cometapi.svg', dark: 'file:cometapi.dark.svg' } as const;

	documentationUrl = 'https://github.com/cometapi/n8n-nodes-cometapi#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your CometAPI key (sk-...), from the API keys page of the CometAPI dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.cometapi.com',
			description: 'Change it only for a proxy or a regional gateway of CometAPI',
		},
	];

	// A key pasted with its own "Bearer " prefix is sent once, not as "Bearer Bearer ...".
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${bareApiKey(credentials.apiKey)}` },
		};
	}

	// Listing the models costs nothing, and a wrong key gets 401. The key goes to the Base URL's
	// origin only: a redirect fails the test (its message names the status) instead of being followed.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/models',
			method: 'GET',
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
	};
}
