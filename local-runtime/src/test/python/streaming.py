"""Streaming through the local runtime with the unmodified Python SDKs (run by PythonSdkStreamingE2ETest).

- the OpenAI SDK's streaming iterator: its first content chunk arrives while the Bedrock stand-in
  is still holding its last event (ordering, checked against the stand-in's own counters);
- boto3's converse_stream: text, tool use, stop reason and usage events; a fault after the
  first event arrives as the SDK's EventStreamError.

BEDROCK_STANDIN is the Bedrock stand-in's endpoint (its /_standin control routes).
"""
import json
import os
import urllib.request

import botocore.exceptions

from gateway_sdks import bedrock_client, emit, openai_client

STANDIN = os.environ["BEDROCK_STANDIN"].rstrip("/")


def control(body):
    req = urllib.request.Request(STANDIN + "/_standin/faults", data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def stats():
    with urllib.request.urlopen(STANDIN + "/_standin/stats", timeout=10) as r:
        return json.load(r)


result = {}

# --- OpenAI: chunks as they come --------------------------------------------------------------
control({"hold_streams": True})
finished_before = stats()["streams_finished"]
stream = openai_client().chat.completions.create(
    model="nova-micro",
    messages=[{"role": "user", "content": "Stream hello from the Python SDK please"}],
    stream=True,
    stream_options={"include_usage": True},
    extra_headers={"cache-control": "no-store"},
)
held_at_first_chunk = None
text, finish, usage = "", None, None
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        if held_at_first_chunk is None:
            held_at_first_chunk = stats()["streams_finished"] == finished_before
            control({"release_streams": True})
        text += chunk.choices[0].delta.content
    if chunk.choices and chunk.choices[0].finish_reason:
        finish = chunk.choices[0].finish_reason
    if chunk.usage:
        usage = chunk.usage.completion_tokens
control({"release_streams": True})
result["openai"] = {"text": text, "finish_reason": finish, "completion_tokens": usage,
                    "first_chunk_before_standin_finished": held_at_first_chunk,
                    "request_id": stream.response.headers.get("x-request-id")}

# --- boto3 converse_stream: text --------------------------------------------------------------
bedrock = bedrock_client()


def collect(response):
    out = {"events": [], "text": "", "tool": None, "tool_input": "", "stopReason": None, "usage": None,
           "requestId": response["ResponseMetadata"]["HTTPHeaders"].get("x-request-id")}
    for event in response["stream"]:
        kind = next(iter(event))
        out["events"].append(kind)
        if kind == "contentBlockStart" and "toolUse" in event[kind]["start"]:
            out["tool"] = event[kind]["start"]["toolUse"]
        elif kind == "contentBlockDelta":
            delta = event[kind]["delta"]
            out["text"] += delta.get("text", "")
            out["tool_input"] += delta.get("toolUse", {}).get("input", "")
        elif kind == "messageStop":
            out["stopReason"] = event[kind]["stopReason"]
        elif kind == "metadata":
            out["usage"] = event[kind]["usage"]
    return out


result["converse_stream"] = collect(bedrock.converse_stream(
    modelId="nova-micro",
    messages=[{"role": "user", "content": [{"text": "Say hello from boto3 streaming."}]}],
    inferenceConfig={"maxTokens": 100},
))

# --- boto3 converse_stream: tool use ----------------------------------------------------------
result["tool_stream"] = collect(bedrock.converse_stream(
    modelId="nova-micro",
    messages=[{"role": "user", "content": [{"text": "What is the weather in Paris?"}]}],
    toolConfig={"tools": [{"toolSpec": {"name": "get_weather", "description": "Weather for a city",
                                         "inputSchema": {"json": {"type": "object", "required": ["city"],
                                                                  "properties": {"city": {"type": "string"}}}}}}]},
))

# --- boto3 converse_stream: a fault after the first event --------------------------------------
control({"fault": "STREAM_ERROR", "times": 1})
try:
    collect(bedrock.converse_stream(
        modelId="nova-micro",
        messages=[{"role": "user", "content": [{"text": "This stream will break."}]}],
    ))
    result["fault"] = {"raised": False}
except botocore.exceptions.EventStreamError as e:
    result["fault"] = {"raised": True, "code": e.response["Error"]["Code"]}

emit(result)
