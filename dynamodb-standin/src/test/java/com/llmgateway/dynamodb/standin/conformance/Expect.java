package com.llmgateway.dynamodb.standin.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Assertions on DynamoDB's error answers as the AWS SDK surfaces them. */
final class Expect {
    private Expect() { }

    /** The call fails with HTTP 400 and exactly this DynamoDB error code. */
    static AwsServiceException error(String code, Executable call) {
        AwsServiceException e = assertThrows(AwsServiceException.class, call);
        assertNotNull(e.awsErrorDetails(), "error details");
        assertEquals(code, e.awsErrorDetails().errorCode(),
                () -> "error code; message was: " + e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode(), "HTTP status");
        return e;
    }

    /** The call fails with this error code and a message containing every given fragment. */
    static AwsServiceException error(String code, Executable call, String... messageFragments) {
        AwsServiceException e = error(code, call);
        String message = e.awsErrorDetails().errorMessage();
        assertNotNull(message, "error message");
        for (String fragment : messageFragments) {
            assertTrue(message.contains(fragment),
                    () -> "message \"" + message + "\" should contain \"" + fragment + "\"");
        }
        return e;
    }

    /** A ValidationException whose message contains every given fragment. */
    static AwsServiceException validation(Executable call, String... messageFragments) {
        return error("ValidationException", call, messageFragments);
    }
}
