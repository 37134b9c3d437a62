"""The Python OpenAI SDK and boto3 call the gateway once each (PythonSdkE2ETest)."""
import botocore.exceptions

from gateway_sdks import bedrock_client, emit, openai_client

chat = openai_client().chat.completions.with_raw_response.create(
    model="nova-micro", messages=[{"role": "user", "content": "Say hello from Python."}], max_tokens=30)
completion = chat.parse()

bedrock = bedrock_client()
converse = bedrock.converse(modelId="nova-micro",
                            messages=[{"role": "user", "content": [{"text": "Say hello from boto3."}]}],
                            inferenceConfig={"maxTokens": 30})
try:
    bedrock.converse(modelId="no-such-model", messages=[{"role": "user", "content": [{"text": "x"}]}])
    unknown = {"ok": True}
except botocore.exceptions.ClientError as e:
    unknown = {"ok": False, "code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
               "message": e.response["Error"]["Message"]}

emit({
    "chat": {"text": completion.choices[0].message.content, "prompt_tokens": completion.usage.prompt_tokens,
             "request_id": chat.headers.get("x-request-id")},
    "converse": {"text": converse["output"]["message"]["content"][0]["text"], "stopReason": converse["stopReason"],
                 "inputTokens": converse["usage"]["inputTokens"],
                 "requestId": converse["ResponseMetadata"]["HTTPHeaders"].get("x-request-id")},
    "unknownModel": unknown,
})
