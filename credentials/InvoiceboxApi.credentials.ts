import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	checkAccount,
	DEFAULT_BASE_URL,
	DEFAULT_RATE_LIMIT,
	DEFAULT_RATE_WINDOW_SECONDS,
	STAGE_BASE_URL,
} from '../nodes/Invoicebox/transport/connection';
import { USER_AGENT } from '../nodes/shared/version';
import { addressed } from '../nodes/shared/address';

export class InvoiceboxApi implements ICredentialType {
	name = 'invoiceboxApi';

	displayName = 'Invoicebox API';

	icon: Icon = {
		light: 'file:../nodes/Invoicebox/invoicebox.svg',
		dark: 'file:../nodes/Invoicebox/invoicebox.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#credential-invoicebox-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API token of your organisation, from the Invoicebox cabinet (Integration ' +
				'(API) tab). v3 tokens are 32 hex characters, l3 tokens look like 29078-API:…',
		},
		{
			displayName: 'API Prefix',
			name: 'apiPrefix',
			type: 'options',
			default: 'v3',
			options: [
				{
					name: 'V3 (Invoicebox App, App.invoicebox.ru)',
					value: 'v3',
				},
				{
					name: 'L3 (Invoicebox.Business, Business.invoicebox.ru)',
					value: 'l3',
				},
			],
			description: 'Which Invoicebox system the shop was registered in',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: `The address in Base URL (${DEFAULT_BASE_URL}), for live shops and shops in test mode`,
				},
				{
					name: 'Stage (Only With Access From Invoicebox)',
					value: 'stage',
					description:
						`${STAGE_BASE_URL}: Invoicebox's stage host. Not documented; it answers only ` +
						`accounts Invoicebox set up there.`,
				},
			],
			description:
				"Shops in test mode use Production too. Stage is the host Invoicebox's own code " +
				'used for testing; choose it only if Invoicebox gave you an account there.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			displayOptions: { show: { environment: ['production'] } },
			description:
				'Address of the Invoicebox API (the same for live shops and shops in test mode). ' +
				'HTTPS is required, except for a local test server on 127.0.0.1 or localhost.',
		},
		{
			displayName: 'Requests per Window',
			name: 'rateLimit',
			type: 'number',
			default: DEFAULT_RATE_LIMIT,
			typeOptions: { minValue: 0 },
			description:
				"The node paces its requests under your account's limit so that none is refused. " +
				'Invoicebox allows 100 requests per 30 seconds per account unless it set another ' +
				'limit for your account. 0 = do not pace (requests refused with HTTP 429 are still ' +
				'waited out and resent).',
		},
		{
			displayName: 'Window (Seconds)',
			name: 'rateLimitWindow',
			type: 'number',
			default: DEFAULT_RATE_WINDOW_SECONDS,
			typeOptions: { minValue: 1 },
			description: 'Length of the window the limit above counts in',
		},
		{
			displayName: 'Notification Key',
			name: 'notificationSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The key Invoicebox signs its payment notifications with (X-Signature), from the ' +
				'shop\'s integration settings in the Invoicebox cabinet ("key for checking the ' +
				'request signature"). Needed by the Invoicebox Trigger only; the Invoicebox node ' +
				'does not use it.',
		},
	];

	/**
	 * Checks the credential (address, prefix, token) and addresses every request, the credential
	 * test included, to the API it names: {Base URL or Stage}/{API Prefix}, with the token as Bearer.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { account, problem } = checkAccount(credentials);
		if (!account) throw new Error(problem);
		return addressed(requestOptions, account.baseURL, {
			Authorization: `Bearer ${account.token}`,
		});
	}

	/**
	 * `GET /{prefix}/security/api/auth/auth` answers 200 even without a valid token (with
	 * `userId: null`, as for an anonymous caller), so the test reads the user, not the status.
	 * n8n's declarative credential test can only compare a response value with a constant: HTTP
	 * errors are read as bodies (ignoreHttpStatusErrors) and the first rule that matches is the
	 * message the user sees.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '/security/api/auth/auth',
			method: 'GET',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				'User-Agent': USER_AGENT,
			},
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'unauthorized',
					message:
						'Invoicebox did not accept the token (unauthorized): copy it again from the ' +
						'cabinet and check that the API Prefix (v3 or l3) matches the shop',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'forbidden',
					message: 'Invoicebox refused access with this token (forbidden)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						'No Invoicebox API answer at this address: check the Base URL and the API ' +
						'Prefix (or Invoicebox refused the request; try again in a minute)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.userId',
					value: null,
					message:
						'Invoicebox answered as for an anonymous caller (no user for this token): the token is missing or not recognised',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.userId',
					value: undefined,
					message:
						'Invoicebox did not name the user of this token: check the Base URL and the API Prefix',
				},
			},
		],
	};
}
