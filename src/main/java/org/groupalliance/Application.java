package org.groupalliance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the GroupAlliance web application and of the jar's commands ({@link Commands}). */
@SpringBootApplication
public class Application {
    /**
     * No arguments (or only {@code --option=value} settings) start the web application; a first word
     * runs that command and exits with its status; an unknown word is refused with status 2.
     */
    public static void main(String[] args) {
        if (Commands.startsWebApp(args)) {
            SpringApplication.run(Application.class, args);
            return;
        }
        int status = Commands.run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }
}
