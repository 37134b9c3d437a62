"""The Python MCP SDK lists and calls every tool of the gateway's /mcp (DelegationSdksE2ETest).

Prints, as the last line, {"tools": [names], "results": {tool: CallToolResult as JSON}}.
"""
import anyio
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from gateway_sdks import ENDPOINT, KEY, emit


def document(paragraphs):
    """The same document as DelegationE2ETest.document."""
    out = []
    for i in range(1, paragraphs + 1):
        out.append(f"Station {i} measured {i * 7} units on day {i}. "
                   + "The readings stayed within the expected range and the crew logged them for review. " * 6
                   + "\n\n")
    return "".join(out)


CALLS = {
    "generate": {"prompt": "Hello from Python", "max_tokens": 50},
    "list_models": {},
    "get_usage": {},
    "compare_models": {"models": ["nova-micro", "nova-lite"], "prompt": "Compare me", "max_tokens": 50},
    "chunk_document": {"text": document(20), "max_tokens": 400, "overlap": 40},
    "summarize_document": {"text": document(200), "format": "paragraph", "target_words": 80},
    "extract_json": {"text": "Ada is 36 and active.",
                     "schema": {"type": "object", "required": ["name", "age"],
                                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}},
    "extract_entities": {"text": "Ada Lovelace met Charles Babbage in London on 5 June 1833."},
    "recommend_model": {"input_tokens": 5000, "output_tokens": 500, "tools": True},
}


async def main():
    async with create_mcp_http_client(headers={"x-api-key": KEY}) as http:
        async with streamable_http_client(ENDPOINT + "/mcp", http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = [t.name for t in (await session.list_tools()).tools]
                results = {}
                for name, args in CALLS.items():
                    r = await session.call_tool(name, args)
                    results[name] = r.model_dump(mode="json", by_alias=True, exclude_none=True)
                emit({"tools": tools, "results": results})


anyio.run(main)
