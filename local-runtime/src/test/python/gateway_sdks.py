"""Shared by the Python end-to-end scripts: clients pointed at the local runtime.

GATEWAY_ENDPOINT and GATEWAY_KEY come from the Java test (Sdks.python).
"""
import json
import os
import sys

import boto3
import botocore
from botocore.config import Config
from openai import OpenAI

ENDPOINT = os.environ["GATEWAY_ENDPOINT"].rstrip("/")
KEY = os.environ["GATEWAY_KEY"]


def openai_client(key=KEY):
    return OpenAI(base_url=ENDPOINT + "/v1", api_key=key, max_retries=0, timeout=60)


def bedrock_client(key=KEY):
    """boto3's bedrock-runtime client as AWS's agentic-platform lab points it at a gateway:
    unsigned, with the gateway key added by a before-send hook."""
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=ENDPOINT,
        config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}),
    )

    def add_key(request, **_):
        request.headers["x-api-key"] = key

    client.meta.events.register("before-send.bedrock-runtime.*", add_key)
    return client


def emit(result):
    """The last line of stdout is the result the Java test reads."""
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
