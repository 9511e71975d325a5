# Reads long text through RODBC, which sizes its buffers from SQLDescribeCol.
# Arguments: connection string, file for the aggregated ids, file for the
# JSON column, id of the charge whose JSON is read.
library(RODBC)
args <- commandArgs(trailingOnly = TRUE)
channel <- odbcDriverConnect(args[1])
if (!inherits(channel, "RODBC")) stop("cannot connect")

query <- function(sql) {
  result <- sqlQuery(channel, sql, as.is = TRUE, errors = TRUE)
  if (!is.data.frame(result)) stop(paste(result, collapse = "\n"))
  result
}

aggregated <- query("SELECT string_agg(id, ',' ORDER BY id) AS ids FROM charges")
writeLines(aggregated$ids[1], args[2])
details <- query(sprintf(
  "SELECT payment_method_details FROM charges WHERE id = '%s'", args[4]
))
writeLines(details$payment_method_details[1], args[3])
odbcClose(channel)
