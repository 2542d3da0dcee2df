# The public MCP server @modelcontextprotocol/server-everything (not written by this project), for
# scenarios/your-server.yaml on platform docker: its `streamableHttp` mode, port from $PORT.
# Build with the version the checkout installed (`node bin/mcp-lb-bench.js images build --only everything`
# passes it), or by hand:
#   docker build -f images/everything.Dockerfile --build-arg VERSION=2026.8.31 -t mcp-lb-bench/everything:2026.8.31 images
# Without a registry, `images build --offline --only everything` makes the same image from this machine's node.
FROM node:20-slim
ARG VERSION
ENV NODE_ENV=production PORT=3001
WORKDIR /app
RUN npm install --omit=dev --ignore-scripts "@modelcontextprotocol/server-everything@${VERSION}" && npm cache clean --force
ENTRYPOINT ["node", "/app/node_modules/@modelcontextprotocol/server-everything/dist/index.js"]
CMD ["streamableHttp"]
EXPOSE 3001
LABEL org.opencontainers.image.title=mcp-lb-bench-everything
