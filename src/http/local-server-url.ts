/** Where `npm start` serves the API (docs/architecture.md, the local runtime); a deployed stage's URL is a stack output. */
export const localServer = { url: 'http://localhost:3000', description: 'Local runtime (`npm start`)' }

/**
 * A deployed stage, as the `ApiUrl` output of its stateless stack names it (docs/deploy.md). The
 * generated document can only template it; `GET /openapi.json` of a deployment lists the URL it was
 * called at instead, so "try it" calls that deployment.
 */
export const deployedServer = {
  url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
  description:
    'A deployment: the `ApiUrl` output of its stateless stack. `GET /openapi.json` of a deployment names its own URL here',
  variables: {
    apiId: { default: 'your-api-id', description: 'The id of the HTTP API (in the `ApiUrl` output)' },
    region: { default: 'eu-central-1', description: 'The AWS region the stage is deployed to' },
  },
}
