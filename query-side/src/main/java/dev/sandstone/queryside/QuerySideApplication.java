package dev.sandstone.queryside;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side as its own service (split deployment): projections and read APIs. */
@SpringBootApplication(scanBasePackages = "dev.sandstone.query")
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
