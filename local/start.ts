import { envVar } from '#src/environment.ts'
import { JavaMissingError } from './dynamodb-local.ts'
import { demoContacts, demoStaff } from './seed.ts'
import { startLocalRuntime } from './server.ts'

/** `npm start`: the whole backend on this machine, with the demo seeded. */
async function main(): Promise<void> {
  const port = Number(process.env[envVar.port] ?? 3000)
  const runtime = await startLocalRuntime({ port, logRequests: true })
  const users = [
    ...demoContacts.map((c) => `${c.email} (${c.role}, ${c.accountId})`),
    ...demoStaff.map((s) => `${s.email} (${s.role})`),
  ]
  console.log(`
Caseline is running at ${runtime.url}   (DynamoDB Local at ${runtime.dynamodbEndpoint})

Demo users:
  ${users.join('\n  ')}

Try it:
  TOKEN=$(curl -s -X POST ${runtime.url}/local/token -H 'content-type: application/json' \\
    -d '{"email":"alice@acme.example"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s ${runtime.url}/v1/cases -H "authorization: Bearer $TOKEN"

Local only: POST ${runtime.url}/local/clock {"advanceBy":"P7D"} moves time and fires due timers;
GET ${runtime.url}/local/timers lists pending ones; GET ${runtime.url}/local/mail shows the e-mail
sent (newest first); POST ${runtime.url}/local/inbound-mail takes a raw RFC 822 message as if
SES had received it; GET ${runtime.url}/local/events lists the events published on the bus
(newest first; ?type=&limit=); the API reference is at ${runtime.url}/docs.

Press Ctrl+C to stop (it stops DynamoDB Local too).`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    await runtime.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) console.error(`\n${error.message}\n`)
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `\nPort ${process.env[envVar.port] ?? 3000} is in use. Start on another one: ${envVar.port}=3001 npm start\n`,
    )
  } else console.error(error)
  process.exit(1)
})
