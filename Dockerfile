# The Totaalbeeld API. better-sqlite3 is a native addon: the build stage has the tool chain.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Every dependency for the compiler; the native addon is built here once.
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY domain ./domain
COPY projections ./projections
COPY queries ./queries
COPY api ./api
COPY infra ./infra
COPY web ./web
RUN npm run build:server && NODE_ENV=production npm run build:web && npm prune --omit=dev

# Only the compiled server, the built web app and production dependencies: no TypeScript sources, tsx or test tools.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000 TOTAALBEELD_DATA_DIR=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
VOLUME ["/data"]
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The heap cap is part of the start: the caches are bounded to fit a 128 MB heap (infra/config.ts), and
# without the cap V8 lets garbage grow the process past 400 MB under load (BENCHMARKS.md).
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=8", "dist/api/index.js"]
