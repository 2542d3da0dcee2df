# Redis for scenarios with a shared store: the official image, tagged for this harness version.
FROM redis:7
CMD ["redis-server", "--protected-mode", "no"]
EXPOSE 6379
LABEL org.opencontainers.image.title=mcp-lb-bench-redis
