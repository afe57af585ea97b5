// The official OpenAI client against a Sluice server (the relay or serve-fake): streams one chat
// completion, then asks once more without streaming, and prints what the SDK accumulated as one
// JSON line. Usage: node openai-client.mjs <base URL ending in /v1>
import OpenAI from 'openai';

const baseURL = process.argv[2];
const client = new OpenAI({ baseURL, apiKey: 'sk-sluice-test', maxRetries: 0, timeout: 20000 });
const params = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
};

function summary(completion) {
  const choice = completion.choices[0];
  return {
    text: choice.message.content ?? '',
    toolCalls: (choice.message.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, arguments: t.function.arguments })),
    finishReason: choice.finish_reason,
    usage: completion.usage ? { input: completion.usage.prompt_tokens, output: completion.usage.completion_tokens } : null,
  };
}

const stream = client.chat.completions.stream({ ...params, stream_options: { include_usage: true } });
let chunks = 0;
stream.on('chunk', () => { chunks++; });
const streamed = summary(await stream.finalChatCompletion());
const whole = summary(await client.chat.completions.create({ ...params, stream: false }));
console.log(JSON.stringify({ streamed: { ...streamed, chunks }, whole }));
