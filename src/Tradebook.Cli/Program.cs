using Tradebook.Cli;

return TradebookCli.Run(args);
