"""The rubric's content: the eleven qualities of a community manager and why empathy weighs most.

Descriptions, anchors and prompts are the project's own words, in English and French, drawn from the
meaning of the source text (seed/000_1e458d68b5288076.txt). Anchors say what a 1 (insufficient), a 3
(meets the bar) and a 5 (exceptional) sound like in a community-manager interview.
"""

from django.db import migrations

QUALITIES = (
    {
        "code": "empathy",
        "name_en": "Empathy",
        "name_fr": "Empathie",
        "order": 1,
        "weight": 3,
        "minimum": 3,
        "description_en": (
            "Sensing what community members feel, understanding it and sharing it, while keeping enough "
            "distance not to mistake their emotions for one's own. For a community manager it guides "
            "how members are listened to, how tense exchanges are handled and how the brand sounds."
        ),
        "description_fr": (
            "Percevoir ce que ressentent les membres d'une communauté, le comprendre et le partager, "
            "tout en gardant assez de recul pour ne pas prendre leurs émotions pour les siennes. Chez "
            "un community manager, elle guide l'écoute des membres, la conduite des échanges tendus et "
            "le ton de la marque."
        ),
        "anchor_1_en": (
            "Speaks of members only as numbers or troublemakers and, in a role-play with an angry "
            "customer, quotes the rules without acknowledging how the person feels."
        ),
        "anchor_1_fr": (
            "Parle des membres comme de simples chiffres ou des perturbateurs et, face à un client en "
            "colère lors d'une mise en situation, rappelle le règlement sans tenir compte de ce que la "
            "personne ressent."
        ),
        "anchor_3_en": (
            "Gives at least one real example of noticing a member's frustration and adjusting the "
            "reply, and names the feeling behind a complaint in a role-play before answering it."
        ),
        "anchor_3_fr": (
            "Raconte au moins un cas réel où la frustration d'un membre a été perçue et la réponse "
            "ajustée, et nomme l'émotion derrière une réclamation avant d'y répondre lors d'une mise en "
            "situation."
        ),
        "anchor_5_en": (
            "Tells several specific stories where reading members' emotions changed a decision (a "
            "reply, a post, a moderation call), stays calm and caring in a hostile role-play, and keeps "
            "their own feelings apart from the member's."
        ),
        "anchor_5_fr": (
            "Raconte plusieurs situations précises où la lecture des émotions des membres a changé une "
            "décision (une réponse, une publication, une modération), garde son calme et sa "
            "bienveillance face à une mise en situation hostile, et sait tenir ses propres émotions à "
            "distance de celles du membre."
        ),
        "prompts_en": (
            "Understanding the community — Tell me about a time you realised what members really needed "
            "behind what they said.\n"
            "Moderation and crisis management — Walk me through a heated thread or a crisis you "
            "handled: how did you read people's emotions, and what did you answer?\n"
            "Authentic content creation — Show me a post that came from listening to your audience: "
            "what had you heard, and how did it shape the post?\n"
            "Strengthening community bonds — How have you made members feel heard and valued, to the "
            "point that they came back, helped one another or stood up for the brand?"
        ),
        "prompts_fr": (
            "Compréhension de la communauté — Racontez-moi une fois où vous avez compris ce dont les "
            "membres avaient vraiment besoin, au-delà de ce qu'ils disaient.\n"
            "Modération et gestion de crise — Décrivez-moi une discussion houleuse ou une crise que "
            "vous avez gérée : comment avez-vous perçu les émotions des personnes, et qu'avez-vous "
            "répondu ?\n"
            "Création de contenu authentique — Montrez-moi une publication née de l'écoute de votre "
            "audience : qu'aviez-vous entendu, et comment cela a-t-il façonné le contenu ?\n"
            "Renforcement des liens communautaires — Comment avez-vous fait en sorte que des membres se "
            "sentent écoutés et valorisés, au point de revenir, de s'entraider ou de défendre la marque "
            "?"
        ),
    },
    {
        "code": "adaptability",
        "name_en": "Adaptability",
        "name_fr": "Adaptabilité",
        "order": 2,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Trends, formats and algorithms on social media change quickly; the community manager "
            "adjusts plans, tone and formats without losing footing."
        ),
        "description_fr": (
            "Sur les réseaux sociaux, tendances, formats et algorithmes changent vite ; le community "
            "manager ajuste ses plans, son ton et ses formats sans perdre pied."
        ),
        "anchor_1_en": (
            "Cannot name a platform change or trend they had to adapt to, or describes sticking to the "
            "original plan while results kept falling."
        ),
        "anchor_1_fr": (
            "Ne cite aucun changement de plateforme ou de tendance auquel il a fallu s'adapter, ou "
            "raconte avoir maintenu le plan initial malgré des résultats en baisse."
        ),
        "anchor_3_en": (
            "Gives a concrete example of changing a format, schedule or tone after a platform change or "
            "a new trend, and explains the effect on results."
        ),
        "anchor_3_fr": (
            "Donne un exemple concret de format, de rythme ou de ton modifié après une évolution de "
            "plateforme ou une nouvelle tendance, et en explique l'effet sur les résultats."
        ),
        "anchor_5_en": (
            "Describes several quick pivots (a new format adopted, an algorithm change absorbed, a "
            "campaign reworked within days), with the signals that triggered them and measured "
            "outcomes."
        ),
        "anchor_5_fr": (
            "Décrit plusieurs virages rapides (nouveau format adopté, changement d'algorithme absorbé, "
            "campagne revue en quelques jours), avec les signaux qui les ont déclenchés et des "
            "résultats mesurés."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "creativity",
        "name_en": "Creativity",
        "name_fr": "Créativité",
        "order": 3,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Coming up with original ideas and content that stand out in a crowded feed and get the "
            "community reacting."
        ),
        "description_fr": (
            "Imaginer des idées et des contenus originaux qui se démarquent dans un fil saturé et font "
            "réagir la communauté."
        ),
        "anchor_1_en": (
            "Shows only generic or borrowed posts and, asked for an idea on the spot, offers nothing "
            "beyond a standard promotional message."
        ),
        "anchor_1_fr": (
            "Ne montre que des publications génériques ou reprises ailleurs et, sollicité sur le vif, "
            "ne propose qu'un message promotionnel standard."
        ),
        "anchor_3_en": (
            "Presents a piece of their own work with a clear idea behind it and proposes one or two "
            "workable content ideas for our brand during the interview."
        ),
        "anchor_3_fr": (
            "Présente une réalisation personnelle portée par une idée claire et propose pendant "
            "l'entretien une ou deux idées de contenu réalistes pour notre marque."
        ),
        "anchor_5_en": (
            "Shows original work that clearly outperformed the account's usual posts, explains where "
            "the idea came from, and pitches several fresh, on-brand concepts adapted to different "
            "platforms on the spot."
        ),
        "anchor_5_fr": (
            "Montre des contenus originaux qui ont nettement dépassé les performances habituelles du "
            "compte, explique d'où venait l'idée et propose sur le vif plusieurs concepts neufs, "
            "fidèles à la marque et adaptés à chaque plateforme."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "communication",
        "name_en": "Communication skills",
        "name_fr": "Compétences en communication",
        "order": 4,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Writing, publishing and talking with the community clearly, in a tone that suits the brand "
            "and its audience."
        ),
        "description_fr": (
            "Rédiger, publier et échanger avec la communauté de façon claire, dans un ton adapté à la "
            "marque et à son public."
        ),
        "anchor_1_en": (
            "Written samples contain errors or muddled messages, and spoken answers are hard to follow "
            "or miss the question asked."
        ),
        "anchor_1_fr": (
            "Les écrits présentés comportent des fautes ou des messages confus, et les réponses orales "
            "sont difficiles à suivre ou à côté de la question."
        ),
        "anchor_3_en": (
            "Writes a clear, correct reply to a sample comment in the brand's tone and explains ideas "
            "in a structured way."
        ),
        "anchor_3_fr": (
            "Rédige une réponse claire et correcte à un commentaire type, dans le ton de la marque, et "
            "expose ses idées de façon structurée."
        ),
        "anchor_5_en": (
            "Adapts the same message convincingly to several platforms and audiences in a writing "
            "exercise, with concise, flawless copy, and listens and answers precisely throughout the "
            "interview."
        ),
        "anchor_5_fr": (
            "Décline un même message de façon convaincante pour plusieurs plateformes et publics lors "
            "d'un exercice écrit, avec des textes concis et sans faute, et écoute puis répond avec "
            "précision tout au long de l'entretien."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "technical_knowledge",
        "name_en": "Technical knowledge",
        "name_fr": "Connaissances techniques",
        "order": 5,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Knowing the social platforms inside out and handling the tools used to schedule, moderate "
            "and measure audience results."
        ),
        "description_fr": (
            "Connaître à fond les plateformes sociales et savoir se servir des outils de planification, "
            "de modération et de mesure d'audience."
        ),
        "anchor_1_en": (
            "Knows the platforms only as a personal user and cannot name or describe any analytics or "
            "scheduling tool they have used."
        ),
        "anchor_1_fr": (
            "Ne connaît les plateformes qu'à titre personnel et ne sait nommer ni décrire aucun outil "
            "d'analyse ou de planification déjà utilisé."
        ),
        "anchor_3_en": (
            "Describes hands-on use of the main platforms' business features and of at least one "
            "analytics or scheduling tool, and says which metrics they checked."
        ),
        "anchor_3_fr": (
            "Décrit un usage concret des fonctions professionnelles des principales plateformes et d'au "
            "moins un outil d'analyse ou de planification, en précisant les indicateurs suivis."
        ),
        "anchor_5_en": (
            "Demonstrates a tool or walks through it in detail (report set-up, tracking links, ad or "
            "moderation settings), explains each platform's constraints, and shows how quickly they "
            "pick up new tools."
        ),
        "anchor_5_fr": (
            "Fait la démonstration d'un outil ou le décrit en détail (paramétrage de rapports, liens de "
            "suivi, réglages publicitaires ou de modération), explique les contraintes propres à chaque "
            "plateforme et montre sa rapidité à prendre en main de nouveaux outils."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "curiosity",
        "name_en": "Curiosity",
        "name_fr": "Curiosité",
        "order": 6,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Keeping up with new trends, features and innovations on social media and beyond, and "
            "bringing what is useful back to the team."
        ),
        "description_fr": (
            "Se tenir au courant des nouvelles tendances, fonctionnalités et innovations des réseaux "
            "sociaux et d'ailleurs, et en faire profiter l'équipe."
        ),
        "anchor_1_en": (
            "Cannot name a recent trend, feature or platform change, nor any source they follow to stay "
            "informed."
        ),
        "anchor_1_fr": (
            "Ne sait citer aucune tendance, fonctionnalité ou évolution récente des plateformes, ni "
            "aucune source suivie pour s'informer."
        ),
        "anchor_3_en": (
            "Names recent trends or features relevant to the job, the sources they follow, and at least "
            "one they have tried out."
        ),
        "anchor_3_fr": (
            "Cite des tendances ou des fonctionnalités récentes utiles au métier, les sources suivies "
            "et au moins une nouveauté déjà testée."
        ),
        "anchor_5_en": (
            "Talks knowledgeably about emerging platforms and formats, has tested several on their own "
            "initiative, and explains with examples which are worth it for a brand and which are not."
        ),
        "anchor_5_fr": (
            "Parle avec aisance des plateformes et formats émergents, en a testé plusieurs de sa propre "
            "initiative et explique, exemples à l'appui, lesquels valent la peine pour une marque et "
            "lesquels non."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "organization",
        "name_en": "Organization",
        "name_fr": "Organisation",
        "order": 7,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Running several platforms, tasks and campaigns at once without missing a deadline, thanks "
            "to planning and method."
        ),
        "description_fr": (
            "Mener de front plusieurs plateformes, tâches et campagnes sans manquer une échéance, grâce "
            "à une planification et une méthode solides."
        ),
        "anchor_1_en": (
            "Describes working day to day with no calendar or method, and mentions missed posts or deadlines."
        ),
        "anchor_1_fr": (
            "Décrit un fonctionnement au jour le jour, sans calendrier ni méthode, et évoque des "
            "publications ou des échéances manquées."
        ),
        "anchor_3_en": (
            "Shows an editorial calendar or planning method they actually use and explains how they "
            "prioritise when several requests arrive at once."
        ),
        "anchor_3_fr": (
            "Présente un calendrier éditorial ou une méthode de planification utilisés au quotidien et "
            "explique sa façon de prioriser quand plusieurs demandes arrivent en même temps."
        ),
        "anchor_5_en": (
            "Walks through running several accounts and campaigns in parallel (calendar, approval "
            "workflow, room for the unexpected) and shows that deadlines held even in busy periods."
        ),
        "anchor_5_fr": (
            "Détaille la gestion en parallèle de plusieurs comptes et campagnes (calendrier, circuit de "
            "validation, marge pour les imprévus) et montre que les échéances ont tenu même en période "
            "chargée."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "problem_solving",
        "name_en": "Problem solving",
        "name_fr": "Résolution de problèmes",
        "order": 8,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Dealing with crises and the unexpected (a bad buzz, an outage, a failing tool) and finding "
            "workable solutions quickly."
        ),
        "description_fr": (
            "Faire face aux crises et aux imprévus (bad buzz, panne, outil défaillant) et trouver vite "
            "des solutions qui tiennent."
        ),
        "anchor_1_en": (
            "Faced with a crisis scenario, has no answer, blames others or suggests deleting comments "
            "and waiting, with no plan."
        ),
        "anchor_1_fr": (
            "Face à un scénario de crise, reste sans réponse, rejette la faute sur d'autres ou propose "
            "de supprimer les commentaires et d'attendre, sans plan."
        ),
        "anchor_3_en": (
            "In a crisis scenario, lays out sensible first steps (assess, alert the right people, post "
            "a holding reply) and gives a real example of a problem they solved."
        ),
        "anchor_3_fr": (
            "Face à un scénario de crise, propose des premières étapes sensées (évaluer, prévenir les "
            "bonnes personnes, publier une réponse d'attente) et cite un problème réel résolu."
        ),
        "anchor_5_en": (
            "Gives a fast, structured response to a crisis scenario (priorities, escalation, messages) "
            "and backs it with a crisis they really handled and what they changed afterwards so it "
            "would not happen again."
        ),
        "anchor_5_fr": (
            "Apporte une réponse rapide et structurée à un scénario de crise (priorités, escalade, "
            "messages) et l'appuie sur une crise réellement gérée et sur ce qui a été changé ensuite "
            "pour éviter qu'elle se reproduise."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "analysis",
        "name_en": "Analysis",
        "name_fr": "Analyse",
        "order": 9,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Reading the numbers (reach, engagement, conversions, sentiment) and turning them into "
            "decisions that improve the strategy."
        ),
        "description_fr": (
            "Lire les chiffres (portée, engagement, conversions, tonalité des messages) et en tirer des "
            "décisions qui font progresser la stratégie."
        ),
        "anchor_1_en": (
            "Quotes only follower counts or likes, and cannot say what their statistics taught them or "
            "what they changed because of them."
        ),
        "anchor_1_fr": (
            "Ne cite que le nombre d'abonnés ou de mentions J'aime, sans pouvoir dire ce que ses "
            "statistiques ont appris ni ce qu'elles ont fait changer."
        ),
        "anchor_3_en": (
            "Explains which metrics they tracked, what those meant, and one change to content or timing "
            "made on the strength of the data."
        ),
        "anchor_3_fr": (
            "Explique quels indicateurs étaient suivis, ce qu'ils signifiaient, et un changement de "
            "contenu ou d'horaire décidé à partir des données."
        ),
        "anchor_5_en": (
            "Reads a sample dashboard accurately during the interview, separates vanity metrics from "
            "useful ones, and shows with figures how their analyses reshaped a strategy and what it "
            "gained."
        ),
        "anchor_5_fr": (
            "Lit correctement un tableau de bord d'exemple pendant l'entretien, distingue les "
            "indicateurs de vanité des indicateurs utiles et montre, chiffres à l'appui, comment ses "
            "analyses ont réorienté une stratégie et ce qu'elles ont rapporté."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "teamwork",
        "name_en": "Teamwork",
        "name_fr": "Travail d'équipe",
        "order": 10,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Working hand in hand with other departments (marketing, sales, communication, customer "
            "service) so that the community hears one consistent voice."
        ),
        "description_fr": (
            "Travailler main dans la main avec les autres services (marketing, ventes, communication, "
            "service client) pour que la communauté entende une voix unique et cohérente."
        ),
        "anchor_1_en": (
            "Describes other departments as obstacles and cannot give an example of working with them."
        ),
        "anchor_1_fr": (
            "Présente les autres services comme des obstacles et ne peut citer aucun exemple de "
            "collaboration avec eux."
        ),
        "anchor_3_en": (
            "Gives a concrete example of working with another team, such as passing customer questions "
            "to support or timing a post with a marketing campaign."
        ),
        "anchor_3_fr": (
            "Donne un exemple concret de travail avec une autre équipe, par exemple transmettre des "
            "questions au service client ou caler une publication sur une campagne marketing."
        ),
        "anchor_5_en": (
            "Describes cross-team routines they set up (shared calendar, escalation path to customer "
            "service, feedback to sales or product) and how a disagreement between teams was resolved."
        ),
        "anchor_5_fr": (
            "Décrit des rituels transverses mis en place (calendrier partagé, circuit d'escalade vers "
            "le service client, remontées vers les ventes ou le produit) et la façon dont un désaccord "
            "entre équipes a été résolu."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
    {
        "code": "proactivity",
        "name_en": "Proactivity",
        "name_fr": "Proactivité",
        "order": 11,
        "weight": 1,
        "minimum": None,
        "description_en": (
            "Anticipating what the community will need or ask for and acting before being asked, rather "
            "than only reacting."
        ),
        "description_fr": (
            "Anticiper les attentes et les questions de la communauté et agir avant qu'on le demande, "
            "plutôt que de se contenter de réagir."
        ),
        "anchor_1_en": (
            "Describes only the tasks they were given, and waits for instructions or complaints before "
            "acting."
        ),
        "anchor_1_fr": (
            "Ne décrit que les tâches confiées et attend les consignes ou les plaintes pour agir."
        ),
        "anchor_3_en": (
            "Tells of spotting a recurring need in the community and acting on it unprompted, for "
            "example with an FAQ post or a new format."
        ),
        "anchor_3_fr": (
            "Raconte avoir repéré un besoin récurrent de la communauté et y avoir répondu de sa propre "
            "initiative, par exemple avec une FAQ ou un nouveau format."
        ),
        "anchor_5_en": (
            "Describes several initiatives launched from community signals (recurring questions, "
            "falling engagement, upcoming events) with measured results, and suggests ideas for our "
            "community during the interview."
        ),
        "anchor_5_fr": (
            "Décrit plusieurs initiatives lancées à partir de signaux de la communauté (questions "
            "récurrentes, engagement en baisse, événements à venir), résultats mesurés à l'appui, et "
            "propose des idées pour notre communauté pendant l'entretien."
        ),
        "prompts_en": "",
        "prompts_fr": "",
    },
)

RATIONALE_EN = (
    "Empathy weighs three times any other quality because the source names it as the community "
    "manager's greatest quality: the ability to sense and understand what members feel. It underlies "
    "the four places where the job is most exposed: understanding the community, moderation and crisis "
    "handling, authentic content and the bonds that hold a community together. Because a high total "
    "could hide a weak empathy, it also carries a minimum bar of 3: a candidate whose empathy mean "
    "falls below it is flagged, whatever the total. The other ten qualities count equally, with a "
    "weight of 1 each."
)

RATIONALE_FR = (
    "L'empathie pèse trois fois plus que chacune des autres qualités, car la source la désigne comme la "
    "plus grande qualité du community manager : savoir percevoir et comprendre ce que ressentent les "
    "membres. Elle sous-tend les quatre terrains où le métier s'expose le plus, à savoir la "
    "compréhension de la communauté, la modération et la gestion de crise, la création de contenu "
    "authentique et le renforcement des liens communautaires. Comme un total élevé pourrait masquer une "
    "empathie faible, elle porte aussi un seuil minimal de 3 : toute candidature dont la moyenne en "
    "empathie reste en dessous est signalée, quel que soit le total. Les dix autres qualités comptent à "
    "parts égales, avec un poids de 1 chacune."
)


def forwards(apps, schema_editor):
    Quality = apps.get_model("evaluations", "Quality")
    Rubric = apps.get_model("evaluations", "Rubric")
    for data in QUALITIES:
        fields = dict(data)
        code = fields.pop("code")
        Quality.objects.update_or_create(code=code, defaults=fields)
    Rubric.objects.update_or_create(
        pk=1, defaults={"rationale_en": RATIONALE_EN, "rationale_fr": RATIONALE_FR}
    )


def backwards(apps, schema_editor):
    Quality = apps.get_model("evaluations", "Quality")
    Rubric = apps.get_model("evaluations", "Rubric")
    Quality.objects.filter(code__in=[data["code"] for data in QUALITIES]).delete()
    Rubric.objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
