package dev.sandstone.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.sandstone.platform.blob.BlobStoreUnavailableException;
import java.net.ConnectException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An unavailable blob store is a 503 problem with Retry-After that names no host, bucket or credential; an
 * exhausted database connection pool is overload (503), never a 500.
 */
class DependencyUnavailableResponseTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ContentController())
            .setControllerAdvice(new ProblemDetailsAdvice())
            .build();

    @Test
    void an_unavailable_blob_store_answers_503_with_retry_after_and_no_internals() throws Exception {
        mvc.perform(get("/content"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.detail").value("Content storage is temporarily unavailable"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("10.1.2.3"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("documents-bucket"))));
    }

    @Test
    void an_exhausted_connection_pool_is_overload_503_not_a_500() throws Exception {
        mvc.perform(get("/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("overloaded")));
    }

    @RestController
    static class ContentController {

        @GetMapping("/busy")
        String busy() {
            throw new IllegalStateException("command failed", new org.springframework.jdbc.CannotGetJdbcConnectionException(
                    "Failed to obtain JDBC Connection", new java.sql.SQLTransientConnectionException("timeout")));
        }


        @GetMapping("/content")
        String content() {
            throw new BlobStoreUnavailableException("S3 bucket documents-bucket at http://10.1.2.3:9000: GET failed",
                    new ConnectException("Connection refused"));
        }
    }
}
