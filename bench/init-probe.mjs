// One cold start: imports a bundle in a fresh process and reports how long its module init took
// and whether it opened a socket meanwhile (init must make no network calls).
import net from 'node:net'
import { pathToFileURL } from 'node:url'

let sockets = 0
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function countedConnect(...args) {
  sockets++
  return connect.apply(this, args)
}
const started = performance.now()
const module = await import(pathToFileURL(process.argv[2]).href)
const initMs = performance.now() - started
process.stdout.write(JSON.stringify({ initMs, sockets, hasHandler: typeof module.handler === 'function' }))
