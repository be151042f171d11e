import { aiSdk, StreamingChat, type MessagePart } from 'react-streaming-chat';

const protocol = aiSdk();

// The weather tool gets a card of its own; every other part keeps the default look.
function renderPart(part: MessagePart) {
  if (part.type === 'tool' && part.toolName === 'get_weather' && part.state === 'output-available') {
    const { temperature, sky } = part.output as { temperature: number; sky: string };
    return (
      <p className="weather">
        {temperature} °C, {sky}
      </p>
    );
  }
  return undefined;
}

export function WeatherChat() {
  return <StreamingChat api="/api/chat" protocol={protocol} renderPart={renderPart} />;
}
