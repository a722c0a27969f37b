/** Where `npm start` serves the API (docs/architecture.md, the local runtime); a deployed stage's URL is a stack output. */
export const localServer = { url: 'http://localhost:3000', description: 'Local runtime (`npm start`)' }
