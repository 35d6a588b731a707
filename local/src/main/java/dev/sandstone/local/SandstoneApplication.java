package dev.sandstone.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The local default: command side and query side in one process, on an embedded real PostgreSQL,
 * with development tokens from {@code POST /local/token}.
 */
@SpringBootApplication(scanBasePackages = {"dev.sandstone.command", "dev.sandstone.query", "dev.sandstone.local"})
public class SandstoneApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandstoneApplication.class, args);
    }
}
