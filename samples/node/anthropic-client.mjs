// The official Anthropic client against a Sluice server (the relay or serve-fake): streams one
// message and prints what the SDK accumulated as one JSON line.
// Usage: node anthropic-client.mjs <base URL without /v1>
import Anthropic from '@anthropic-ai/sdk';

const baseURL = process.argv[2];
const client = new Anthropic({ baseURL, apiKey: 'sk-ant-sluice-test', maxRetries: 0, timeout: 20000 });
const stream = client.messages.stream({
  model: 'claude-3-5-haiku-latest',
  max_tokens: 200,
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [{ name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
});
let events = 0;
stream.on('streamEvent', () => { events++; });
const message = await stream.finalMessage();
console.log(JSON.stringify({
  text: message.content.filter((b) => b.type === 'text').map((b) => b.text).join(''),
  toolCalls: message.content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, input: b.input })),
  stopReason: message.stop_reason,
  usage: { input: message.usage.input_tokens, output: message.usage.output_tokens },
  events,
}));
