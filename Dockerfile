# One image per service, built from the exec jar the Maven build made (run `./mvnw -B verify` or
# `./mvnw -B package -DskipTests` first):
#   docker build --build-arg MODULE=command-side -t sandstone/command-side .
#   docker build --build-arg MODULE=query-side   -t sandstone/query-side .
# The jar is split into Spring Boot's layers (dependencies change rarely, the application often), so a rebuild after
# a code change ships only the small application layer. The service runs as an unprivileged user.
ARG JAVA_IMAGE=eclipse-temurin:17-jre

FROM ${JAVA_IMAGE} AS layers
ARG MODULE
WORKDIR /builder
COPY ${MODULE}/target/${MODULE}-*-exec.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM ${JAVA_IMAGE}
ARG MODULE
LABEL org.opencontainers.image.title="sandstone-${MODULE}" \
      org.opencontainers.image.description="Sandstone ${MODULE} (event-sourced document service)"
WORKDIR /application
COPY --from=layers /builder/extracted/dependencies/ ./
COPY --from=layers /builder/extracted/spring-boot-loader/ ./
COPY --from=layers /builder/extracted/snapshot-dependencies/ ./
COPY --from=layers /builder/extracted/application/ ./
# Axon's update checker phones home unless told not to; it stays off (see README).
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Daxoniq.update-checker.disabled=true" \
    SERVER_PORT=8080
# A numeric user with no shell and no home: nothing in the image runs as root.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "application.jar"]
