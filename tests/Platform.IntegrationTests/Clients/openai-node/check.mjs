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
}));
