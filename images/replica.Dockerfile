# The reference MCP replica (both protocol models; pick one with --model).
# Build from the repository root after `npm ci` (which compiles dist/):
#   docker build -f images/replica.Dockerfile -t mcp-lb-bench/replica:0.1.0 .
# or let the CLI tag every image for this version: `node bin/mcp-lb-bench.js images build`.
# Without a registry, `images build --offline` makes the same image from this machine's own node.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, without install scripts (nothing the replica uses needs one).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY dist/harness ./dist/harness
ENTRYPOINT ["node", "/app/dist/harness/servers/replica-main.js"]
CMD ["--model", "stateless", "--id", "r1", "--host", "0.0.0.0", "--port", "8080"]
EXPOSE 8080
LABEL org.opencontainers.image.title=mcp-lb-bench-replica
