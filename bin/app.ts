import { App } from 'aws-cdk-lib'
import { addCaselineStacks, addComplianceChecks } from '#lib/caseline-app.ts'
import { readSettings } from '#lib/settings.ts'

/**
 * `npx cdk synth --all` / `npx cdk deploy --all`. Settings come from CDK context, e.g.
 * `-c stage=dev -c allowedOrigins=https://portal.example.com`; see `lib/settings.ts` for every key.
 */
const app = new App()
addCaselineStacks(app, readSettings(app.node))
addComplianceChecks(app)
app.synth()
