// Drives the gateway with the official openai npm package, as a Node user of the platform would.
// Env: PLATFORM_BASE_URL (…/v1), PLATFORM_API_KEY, PLATFORM_MODEL. Prints one JSON object with what it saw.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.PLATFORM_BASE_URL,
  apiKey: process.env.PLATFORM_API_KEY,
  maxRetries: 0,
  timeout: 60_000,
});
const model = process.env.PLATFORM_MODEL ?? 'tiny-coder';

const completion = await client.completions.create({
  model, prompt: 'def add(a, b):', suffix: '\n', max_tokens: 6, temperature: 0,
});

let streamedCompletion = '';
let completionChunks = 0;
const completionStream = await client.completions.create({
  model, prompt: 'def add(a, b):', suffix: '\n', max_tokens: 6, temperature: 0, stream: true,
});
for await (const chunk of completionStream) {
  completionChunks++;
  streamedCompletion += chunk.choices[0]?.text ?? '';
}

const chat = await client.chat.completions.create({
  model,
  messages: [
    { role: 'system', content: 'You write Python.' },
    { role: 'user', content: [{ type: 'text', text: 'Write a function that adds two numbers.' }] },
  ],
  max_tokens: 6,
  temperature: 0,
});

let streamedChat = '';
let chatRole = null;
let chatUsage = null;
let chatFinish = null;
const chatStream = await client.chat.completions.create({
  model,
  messages: [
    { role: 'system', content: 'You write Python.' },
    { role: 'user', content: [{ type: 'text', text: 'Write a function that adds two numbers.' }] },
  ],
  max_tokens: 6,
  temperature: 0,
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of chatStream) {
  const choice = chunk.choices[0];
  chatRole ??= choice?.delta?.role ?? null;
  streamedChat += choice?.delta?.content ?? '';
  chatFinish = choice?.finish_reason ?? chatFinish;
  chatUsage = chunk.usage ?? chatUsage;
}

// Tool calling round trip against the scripted model (PLATFORM_TOOLS_MODEL), plain and streamed, as agents do it.
const toolsModel = process.env.PLATFORM_TOOLS_MODEL;
const tools = [{
  type: 'function',
  function: {
    name: 'get_weather', description: 'The current weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];
const question = [{ role: 'user', content: 'What is the weather in Paris?' }];
const toolResult = JSON.stringify({ temperature: 18, sky: 'sunny' });

const firstTurn = await client.chat.completions.create({ model: toolsModel, messages: question, tools, tool_choice: 'auto', max_tokens: 32000 });
const plainCall = firstTurn.choices[0].message.tool_calls?.[0];
const plainFinal = await client.chat.completions.create({
  model: toolsModel, tools, max_tokens: 32000,
  messages: [...question, firstTurn.choices[0].message, { role: 'tool', tool_call_id: plainCall?.id, content: toolResult }],
});

const streamedCalls = [];
let streamedToolFinish = null;
const toolStream = await client.chat.completions.create({ model: toolsModel, messages: question, tools, stream: true, max_tokens: 32000 });
for await (const chunk of toolStream) {
  for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
    streamedCalls[delta.index] ??= { id: delta.id, type: 'function', function: { name: delta.function?.name, arguments: '' } };
    streamedCalls[delta.index].function.arguments += delta.function?.arguments ?? '';
  }
  streamedToolFinish = chunk.choices[0]?.finish_reason ?? streamedToolFinish;
}
let streamedFinal = '';
const finalStream = await client.chat.completions.create({
  model: toolsModel, tools, stream: true, max_tokens: 32000,
  messages: [...question, { role: 'assistant', content: null, tool_calls: streamedCalls },
    { role: 'tool', tool_call_id: streamedCalls[0]?.id, content: toolResult }],
});
for await (const chunk of finalStream) {
  streamedFinal += chunk.choices[0]?.delta?.content ?? '';
}

let badRequest = null;
try {
  await client.chat.completions.create({ model, messages: [], max_tokens: 0 });
} catch (error) {
  badRequest = { status: error.status, message: error.message };
}

console.log(JSON.stringify({
  completion: {
    object: completion.object,
    text: completion.choices[0].text,
    finishReason: completion.choices[0].finish_reason,
    completionTokens: completion.usage?.completion_tokens,
  },
  streamedCompletion: { text: streamedCompletion, chunks: completionChunks },
  chat: {
    object: chat.object,
    role: chat.choices[0].message.role,
    content: chat.choices[0].message.content,
    finishReason: chat.choices[0].finish_reason,
    completionTokens: chat.usage?.completion_tokens,
  },
  streamedChat: { role: chatRole, content: streamedChat, finishReason: chatFinish, completionTokens: chatUsage?.completion_tokens },
  badRequest,
  tools: {
    plain: { finishReason: firstTurn.choices[0].finish_reason, name: plainCall?.function?.name, arguments: plainCall?.function?.arguments,
      final: plainFinal.choices[0].message.content },
    streamed: { finishReason: streamedToolFinish, calls: streamedCalls.length, name: streamedCalls[0]?.function?.name,
      arguments: streamedCalls[0]?.function?.arguments, final: streamedFinal },
  },
}));
