package dev.sandstone.commandside;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side as its own service (split deployment): document writes and the event store. */
@SpringBootApplication(scanBasePackages = "dev.sandstone.command")
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
