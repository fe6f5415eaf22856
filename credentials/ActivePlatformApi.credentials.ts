import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	BASE_URL_SHAPE,
	checkAccess,
	MEDIA_TYPE,
} from '../nodes/ActivePlatform/transport/connection';
import { addressed } from '../nodes/shared/address';

/**
 * Messages of the credential test, by HTTP status of the answer to "read one payment of the
 * default reseller".
 * n8n's declarative credential tests compare one value of the answer's body with a constant,
 * so each status is matched in both JSON:API error forms (`errors` as an object, as
 * ActivePlatform documents it, or as an array) and with the status as a string or a number.
 */
const TEST_FAILURES: Array<[string, string]> = [
	[
		'401',
		"ActivePlatform did not accept the API token (HTTP 401): copy the manager's API token again from the " +
			'Operator Control Panel',
	],
	[
		'403',
		"The token may not read this reseller's payments (HTTP 403): enter the token's own reseller ID (or one " +
			"below it) as Default Reseller ID, and check that the manager's role allows payments",
	],
	[
		'404',
		'No such reseller at this address (HTTP 404): check the Default Reseller ID, and that the Base URL is the ' +
			'address of the installation',
	],
];

export class ActivePlatformApi implements ICredentialType {
	name = 'activePlatformApi';

	displayName = 'ActivePlatform API';

	icon: Icon = {
		light: 'file:../nodes/ActivePlatform/activeplatform.svg',
		dark: 'file:../nodes/ActivePlatform/activeplatform.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#credential-activeplatform-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: BASE_URL_SHAPE,
			description:
				'Address of your ActivePlatform installation (each operator runs its own), without /api/v3. HTTPS is ' +
				'required, except for a local test server on 127.0.0.1.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A manager's API token, from the manager's details page in the Operator Control Panel. The manager's " +
				"role decides which operations work; the manager's reseller and the resellers below it are the ones it " +
				'can act on. Sent as the X-Api-Token header.',
		},
		{
			displayName: 'Default Reseller ID',
			name: 'resellerId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1',
			description:
				"The reseller operations act on unless they name another: the token's own reseller (shown in the Control " +
				"Panel's reseller information) or one below it",
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				'ActivePlatform documents no rate limit. With 0 the node sends without pacing until the installation ' +
				'refuses a request (429 or 503), waits as asked, and then keeps to the pace the installation accepted. ' +
				'Set a number to stay under a per-minute limit your operator gave you.',
		},
	];

	/** Validates the address and sends the token as X-Api-Token. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { access, problem } = checkAccess(credentials);
		if (!access) throw new Error(problem);
		return addressed(requestOptions, access.baseUrl, { 'X-Api-Token': access.token });
	}

	/**
	 * Reads one payment of the default reseller (GET /api/v3/resellers/{id}/payments, one row):
	 * what the node needs, and all it needs. It proves the address, the token, that the token
	 * may act on that reseller and that its manager's role may read payments. Reading the
	 * reseller itself ("Get downstream reseller") would need reseller rights that a
	 * payments-only manager may lack. HTTP errors are read as bodies (ignoreHttpStatusErrors)
	 * so that each gets its own message; the first matching rule wins.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '=/api/v3/resellers/{{$credentials.resellerId}}/payments',
			qs: { 'page[size]': 1, 'page[number]': 1 },
			headers: { Accept: MEDIA_TYPE, 'Content-Type': MEDIA_TYPE },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...TEST_FAILURES.flatMap(([status, message]) =>
				['errors.status', 'errors[0].status'].flatMap((key) =>
					[status, Number(status)].map((value) => ({
						type: 'responseSuccessBody' as const,
						properties: { key, value, message },
					})),
				),
			),
			{
				type: 'responseSuccessBody',
				properties: {
					// A list answer always has `data` (an array, empty when there is no payment).
					key: 'data',
					value: undefined,
					message:
						'No ActivePlatform API answer at this address: check the Base URL (the address of the installation, ' +
						'HTTPS) and the Default Reseller ID',
				},
			},
		],
	};
}
