# The API and the worker share one image; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json ./
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY worker worker
COPY api api
COPY platform platform
COPY standins standins
COPY scripts scripts
COPY config config
COPY web web
# The web app: static files the API serves under /app/ (config: BF_WEB_DIR, default dist/web/dist).
RUN npx vite build web --logLevel error
RUN npx tsc -p . --outDir dist --noEmit false && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/web/dist dist/web/dist
COPY --from=build /app/config config
COPY package.json ./
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "dist/api/main.js"]
